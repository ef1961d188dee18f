/** A choice of a select or radio group. */
export interface BnOption {
  value: string;
  label: string;
  hint?: string;
  disabled?: boolean;
}

/**
 * Options from light-DOM `<option>` children, so plain HTML works:
 * `<bn-select label="Kategorie"><option value="road">Straße</option></bn-select>`.
 * The children stay in the light DOM (unrendered) as the no-JS fallback.
 */
export function optionsFromChildren(host: HTMLElement): BnOption[] {
  return [...host.querySelectorAll(':scope > option')].map((o) => {
    const opt = o as HTMLOptionElement;
    return {
      value: opt.value,
      label: opt.label || opt.textContent?.trim() || opt.value,
      hint: opt.title || undefined,
      disabled: opt.disabled,
    };
  });
}
