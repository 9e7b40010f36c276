// Dashboard features stand alone: a feature imports components/, lib/ and its own files,
// never another feature or the app shell (app/), so that a page can change without
// reaching into its neighbours. There are no exceptions.
import path from 'node:path';

const FEATURES = 'apps/dashboard/src/features/';
const SHELL = 'apps/dashboard/src/app/';

function relative(file, cwd) {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** The repository root: the folder holding this file's tooling/ folder. */
const root = path.resolve(import.meta.dirname, '../..');

/** @type {import('eslint').Rule.RuleModule} */
export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Dashboard features import neither each other nor the app shell.' },
    schema: [],
  },
  create(context) {
    const file = relative(context.filename, root);
    if (!file.startsWith(FEATURES)) return {};
    const feature = file.slice(FEATURES.length).split('/')[0];
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(path.resolve(path.dirname(context.filename), source), root);
      let what = null;
      if (target.startsWith(SHELL)) what = 'the app shell';
      else if (target.startsWith(FEATURES) && target.slice(FEATURES.length).split('/')[0] !== feature) {
        what = 'another feature';
      }
      if (what === null) return;
      context.report({
        node,
        message: `${file} imports ${what} (${target}): move the shared piece to components/ or lib/.`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};
