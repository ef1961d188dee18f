// A job posting as staff send it, for backend and end-to-end tests alike (no side effects on
// import: the end-to-end tests load it too).
export const posting = (over: Record<string, unknown> = {}) => ({
  title: 'Sachbearbeitung Bauordnung (m/w/d)',
  descriptionHtml: '<h2>Ihre Aufgaben</h2><p>Prüfung von <strong>Bauanträgen</strong>.</p><ul><li>Beratung</li></ul>',
  department: 'Bauamt',
  payScheme: 'tvoed',
  payGrade: 'EG 9b',
  employmentType: 'full_time',
  hoursPerWeek: 39,
  salaryMin: 3600,
  salaryMax: 4900,
  street: 'Marktplatz 1',
  postalCode: '12345',
  locality: 'Beispielstadt',
  contactName: 'Frau Muster',
  contactEmail: 'personal@beispielstadt.example',
  deadline: '2099-12-31',
  published: true,
  ...over,
});
