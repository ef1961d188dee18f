// Config of `npm run analyze` (@custom-elements-manifest/analyzer → custom-elements.json).
// Our elements are registered through the guarded `define('bn-…', Class)` helper, not
// `customElements.define` or `@customElement`, so the analyzer cannot see their tag names
// on its own. This plugin reads those calls and marks each class as a custom element.
export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/**/*.test.ts', 'widgets/**/*.d.ts'],
  litelement: true,
  plugins: [defineCalls(), noPrivateAttributes()],
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
