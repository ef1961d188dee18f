/**
 * Applies a tenant's theme tokens to an element's shadow root as an adopted
 * stylesheet: `:host { --bn-color-primary: … }`. Constructable stylesheets are not
 * governed by CSP `style-src`, unlike a `style` attribute or an inline `<style>`,
 * so this works on pages with a strict CSP. Being a `:host` rule, it also loses
 * to the page's own CSS for the element, so a webmaster can still override.
 */
const sheets = new WeakMap<ShadowRoot, CSSStyleSheet>();

const NAME = /^--bn-[a-z0-9-]{1,60}$/;
// Values come from the tenant's config; refuse anything that could close the rule.
const SAFE_VALUE = /^[^;{}<>\\]{1,200}$/;

export function themeCss(theme: Record<string, string> | undefined): string {
  const decls = Object.entries(theme ?? {})
    .filter(([k, v]) => NAME.test(k) && typeof v === 'string' && SAFE_VALUE.test(v) && !/\/\*|url\(/i.test(v))
    .map(([k, v]) => `${k}: ${v};`);
  return decls.length ? `:host { ${decls.join(' ')} }` : '';
}

export function applyTheme(root: ShadowRoot | null, theme: Record<string, string> | undefined): void {
  if (!root) return;
  let sheet = sheets.get(root);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheets.set(root, sheet);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(themeCss(theme));
}
