// Config of `npm run analyze` (@custom-elements-manifest/analyzer → custom-elements.json).
// Our elements are registered through the guarded `define('bn-…', Class)` helper, not
// `customElements.define` or `@customElement`, so the analyzer cannot see their tag names
// on its own. This plugin reads those calls and marks each class as a custom element.
export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/**/*.test.ts', 'widgets/**/*.d.ts'],
  litelement: true,
  // package.json names custom-elements.json already; the manifest test writes elsewhere.
  packagejson: false,
  plugins: [defineCalls(), noPrivateAttributes(), documentedEventsOnly()],
};

/**
 * Elements of the tip form's first paint declare their reactive properties in a static table
 * (no decorators: BnFormElement.properties says why). The analyzer reads `state: true` entries
 * there as attributes; a private or protected field is never one a page may set, so its
 * attribute is dropped from the manifest (and from Storybook's docs).
 */
function noPrivateAttributes() {
  return {
    name: 'bn-no-private-attributes',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const hidden = new Set((decl.members ?? []).filter((m) => m.kind === 'field' && (m.privacy === 'private' || m.privacy === 'protected')).map((m) => m.name));
          for (const m of decl.members ?? []) if (hidden.has(m.name)) delete m.attribute;
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
        }
      }
    },
  };
}

/**
 * Our events are classes (`new BnSettingsSavedEvent(saved)`), documented with `@fires`. The
 * analyzer also guesses an event from each `dispatchEvent(new X(arg))` and names it after the
 * constructor's argument ("saved", "message", "view") or not at all. Those guesses go; the
 * `@fires` entries and the DOM events the form blocks fire (`input`, `change`) stay.
 */
function documentedEventsOnly() {
  return {
    name: 'bn-documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.events) continue;
          decl.events = decl.events.filter((e) => e.name && (e.description || e.type?.text === 'Event'));
        }
      }
    },
  };
}

function defineCalls() {
  /** tag → class name, collected across all modules. */
  const tags = new Map();
  return {
    name: 'bn-define-calls',
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [tag, cls] = node.arguments;
      if (tag && ts.isStringLiteral(tag) && cls && ts.isIdentifier(cls)) tags.set(tag.text, cls.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      // Lit's plugin marks every LitElement subclass; a base class without a tag is none.
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) if (decl.customElement && ![...tags.values()].includes(decl.name)) delete decl.customElement;
      }
      for (const [tag, className] of tags) {
        for (const mod of customElementsManifest.modules) {
          const decl = mod.declarations?.find((d) => d.kind === 'class' && d.name === className);
          if (!decl) continue;
          decl.customElement = true;
          decl.tagName = tag;
          mod.exports ??= [];
          if (!mod.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tag)) {
            mod.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: mod.path } });
          }
        }
      }
    },
  };
}
