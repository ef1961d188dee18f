import { css } from 'lit';

/** The users table and its forms, on top of the shared staff look. */
export const staffUsersStyles = css`
  /* Four columns that fit a 1280 px office screen beside the navigation: long e-mail
     addresses wrap, actions stack. */
  th .email {
    font-weight: normal;
    overflow-wrap: anywhere;
  }
  .actions-col {
    display: flex;
    flex-direction: column;
    align-items: stretch;
    gap: calc(var(--_space) / 4);
    min-inline-size: max-content;
  }
  .facts {
    margin: calc(var(--_space) / 4) 0 0;
    font-size: 0.875em;
  }
  .facts dt {
    display: inline;
    font-weight: 600;
  }
  .facts dt::after {
    content: ':';
  }
  .facts dd {
    display: inline;
    margin: 0;
  }
  ul.roles {
    margin: 0;
    padding-inline-start: 1.1em;
  }
  fieldset fieldset {
    margin-block-end: calc(var(--_space) / 2);
  }
  .levels {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
  }
  .link-box input {
    font-family: ui-monospace, monospace;
  }
`;
