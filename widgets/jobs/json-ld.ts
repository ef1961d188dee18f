import type { PublicJob } from '../../backend/jobs/schema.ts';

/**
 * schema.org JobPosting for Google for Jobs and other search engines: every property Google
 * requires (title, description, datePosted, hiringOrganization, jobLocation) and those it
 * recommends (validThrough, employmentType, baseSalary, identifier, directApply, and for fully
 * remote jobs jobLocationType + applicantLocationRequirements). Only for the posting in the
 * detail view: Google reads JobPosting on a job's own page, not on list pages.
 */
export function jobPostingLd(job: PublicJob, pageUrl: string): Record<string, unknown> {
  const types = job.employmentType === 'full_or_part_time' ? ['FULL_TIME', 'PART_TIME'] : job.employmentType === 'part_time' ? 'PART_TIME' : 'FULL_TIME';
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: job.title,
    description: job.descriptionHtml,
    datePosted: job.datePosted.slice(0, 10),
    hiringOrganization: { '@type': 'Organization', name: job.employer.name },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        ...(job.location.street ? { streetAddress: job.location.street } : {}),
        addressLocality: job.location.locality,
        ...(job.location.postalCode ? { postalCode: job.location.postalCode } : {}),
        addressCountry: job.location.country,
      },
    },
    employmentType: types,
    identifier: { '@type': 'PropertyValue', name: job.employer.name, value: job.id },
    directApply: true,
    url: pageUrl,
  };
  if (job.validThrough) ld.validThrough = job.validThrough;
  if (job.salary) {
    const value: Record<string, unknown> = { '@type': 'QuantitativeValue', unitText: job.salary.unit };
    if (job.salary.min !== null && job.salary.max !== null && job.salary.min !== job.salary.max) {
      value.minValue = job.salary.min;
      value.maxValue = job.salary.max;
    } else value.value = job.salary.min ?? job.salary.max;
    ld.baseSalary = { '@type': 'MonetaryAmount', currency: job.salary.currency, value };
  }
  if (job.telecommute) {
    ld.jobLocationType = 'TELECOMMUTE';
    ld.applicantLocationRequirements = { '@type': 'Country', name: 'DE' };
  }
  return ld;
}

/** The one `<script type="application/ld+json">` an element keeps in `document.head`. */
export class HeadJsonLd {
  private el?: HTMLScriptElement;

  constructor(private readonly owner: string) {}

  set(data: Record<string, unknown>): void {
    if (!this.el) {
      this.el = document.createElement('script');
      this.el.type = 'application/ld+json';
      this.el.dataset.bn = this.owner;
      document.head.append(this.el);
    }
    // "</script" inside a string must not end the element early.
    this.el.textContent = JSON.stringify(data).replace(/</g, '\\u003c');
  }

  clear(): void {
    this.el?.remove();
    this.el = undefined;
  }
}
