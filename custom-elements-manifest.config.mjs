// Config of `npm run analyze` (@custom-elements-manifest/analyzer → custom-elements.json).
// Our elements are registered through the guarded `define('bn-…', Class)` helper, not
// `customElements.define` or `@customElement`, so the analyzer cannot see their tag names
// on its own. This plugin reads those calls and marks each class as a custom element.
export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['widgets/**/*.test.ts', 'widgets/**/*.d.ts'],
  litelement: true,
  plugins: [defineCalls()],
};

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
