/** Registers the staff's jobs section and its parts; loaded by `<bn-console>` when the section opens. */
import '../core/form-elements.ts';
import { define } from '../core/define.ts';
import { BnJobsApplications } from './console-applications.ts';
import { BnJobsPostingForm } from './console-posting-form.ts';
import { BnConsoleJobs } from './console-section.ts';
import { BnJobsTemplates } from './console-templates.ts';
import { BnJobsEditor } from './editor.ts';

define('bn-jobs-editor', BnJobsEditor);
define('bn-jobs-posting-form', BnJobsPostingForm);
define('bn-jobs-applications', BnJobsApplications);
define('bn-jobs-templates', BnJobsTemplates);
define('bn-console-jobs', BnConsoleJobs);

declare global {
  interface HTMLElementTagNameMap {
    'bn-console-jobs': BnConsoleJobs;
    'bn-jobs-editor': BnJobsEditor;
    'bn-jobs-posting-form': BnJobsPostingForm;
    'bn-jobs-applications': BnJobsApplications;
    'bn-jobs-templates': BnJobsTemplates;
  }
  interface GlobalEventHandlersEventMap {
    'bn-saved': import('./console-posting-form.ts').BnSavedEvent;
    'bn-close': import('./console-posting-form.ts').BnCloseEvent;
  }
}
