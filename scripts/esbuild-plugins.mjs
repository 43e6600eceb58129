// esbuild plugins shared by the build and the benches, so both measure the code users run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Each patch below edits a published file of a package pinned to an exact version in
 * package.json (decision 007 says how to upgrade one). A patch names, per version it was
 * written for, the exact texts it replaces; any other version, or a text that is not there,
 * fails the build with the package, version, file and text, instead of shipping unpatched.
 */
export async function patchPackageFile(plugin, path, editsByVersion) {
  const { name, version } = await packageOf(path);
  const fail = (why) => {
    throw new Error(`${plugin}: ${name}@${version}, ${path}: ${why}; see docs/decisions/007-wizard-ui.md, "Upgrading a patched package"`);
  };
  const edits = editsByVersion[version];
  if (!edits) fail(`written for ${name} ${Object.keys(editsByVersion).join(', ')} only`);
  let source = await readFile(path, 'utf8');
  for (const { find, replace, all } of edits) {
    if (!source.includes(find)) fail(`text not found: ${JSON.stringify(find)}`);
    source = all ? source.replaceAll(find, replace) : source.replace(find, replace);
  }
  return source;
}

/** The name and version of the installed package a file belongs to (its innermost node_modules entry). */
async function packageOf(path) {
  const inside = path.split(/[\\/]node_modules[\\/]/).pop() ?? '';
  const parts = inside.split(/[\\/]/);
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  const root = path.slice(0, path.length - inside.length) + name;
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  return { name: manifest.name ?? name, version: manifest.version };
}

/** Ink imports React DevTools only when DEV=true; it is not installed, so stand in an empty module. */
export const noReactDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
  },
};

/**
 * Ink's layout engine checks `typeof fetch` at load, which makes Node load its whole HTTP
 * client (undici) for nothing; the engine is inlined and never fetches. Saves ~40 ms of start-up.
 */
export const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/][^\\/]*\.js$/ }, async (args) => ({
      contents: await patchPackageFile('yogaWithoutFetch', args.path, {
        '3.2.1': [{ find: 'typeof fetch', replace: '"undefined"', all: true }],
      }),
      loader: 'js',
    }));
  },
};

/**
 * Ink builds a fresh Output for every frame, and with it fresh caches of each line's
 * styled characters and width, so every frame re-tokenizes every line on screen. Most
 * lines do not change between keystrokes: keep the caches across frames (bounded), which
 * takes most of the per-keystroke cost out of the wizard.
 */
export const inkOutputCachesAcrossFrames = {
  name: 'ink-output-caches-across-frames',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, async (args) => {
      const patched = (await patchPackageFile('inkOutputCachesAcrossFrames', args.path, {
        '6.8.0': [{ find: 'caches = new OutputCaches();', replace: 'caches = sharedOutputCaches();' }],
      })) +
        `
let sharedCaches;
function sharedOutputCaches() {
    if (!sharedCaches || sharedCaches.styledChars.size + sharedCaches.widths.size > 20000) sharedCaches = new OutputCaches();
    return sharedCaches;
}
`;
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * Every frame, Ink measures the width of every text node again (Unicode-aware, per
 * character). Its own cached measure gives the same number: use it.
 */
export const inkCachedTextWidth = {
  name: 'ink-cached-text-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/ }, async (args) => {
      const source = await patchPackageFile('inkCachedTextWidth', args.path, {
        '6.8.0': [{ find: 'const currentWidth = widestLine(text);', replace: 'const currentWidth = measureText(text).width;' }],
      });
      return {
        contents: `import measureText from './measure-text.js';\n${source}`,
        loader: 'js',
      };
    });
  },
};

/**
 * The characters, beyond printable ASCII, that `width` counts as one column each and that
 * never join a neighbour into one grapheme cluster: no marks, format or control characters,
 * joiners or separators, and only blocks without Hangul jamo, regional indicators or prepended
 * characters. A string made only of them is as many columns wide as it has UTF-16 units.
 * Returned as the body of a regular-expression character class.
 */
export function oneColumnCharacters(width) {
  const blocks = [
    [0x00a0, 0x052f], // Latin-1, Latin Extended-A/B, IPA, Greek, Cyrillic
    [0x1e00, 0x1eff], // Latin Extended Additional
    [0x2010, 0x2bff], // punctuation, arrows, math, box drawing, shapes, symbols
  ];
  const joinsOrHidden = /[\p{M}\p{Cf}\p{Cc}\p{Zl}\p{Zp}\p{Cn}\p{Co}\p{Cs}]/u;
  const ok = (code) => {
    const char = String.fromCodePoint(code);
    return !joinsOrHidden.test(char) && width(char) === 1 && width(`a${char}b`) === 3;
  };
  const hex = (code) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  let body = '';
  for (const [low, high] of blocks) {
    let start = -1;
    for (let code = low; code <= high + 1; code++) {
      if (code <= high && ok(code)) {
        if (start < 0) start = code;
      } else if (start >= 0) {
        body += start === code - 1 ? hex(start) : `${hex(start)}-${hex(code - 1)}`;
        start = -1;
      }
    }
  }
  return body;
}

const lazySegmenter = {
  find: 'const segmenter = new Intl.Segmenter();',
  replace: 'let segmenterOnce;\nconst segmenter = { segment: (text) => (segmenterOnce ??= new Intl.Segmenter()).segment(text) };',
};
const lazyRgiEmoji = {
  find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
  replace: 'let rgiEmojiOnce;\nconst rgiEmojiRegex = { test: (text) => (rgiEmojiOnce ??= new RegExp("^\\\\p{RGI_Emoji}$", "v")).test(text) };',
};
/** The patched code below calls it. */
const usesStripAnsi = { find: "import stripAnsi from 'strip-ansi';", replace: "import stripAnsi from 'strip-ansi';" };
const renameStringWidth = { find: 'export default function stringWidth(', replace: 'function stringWidthBySegments(' };

/**
 * string-width builds an Intl.Segmenter when loaded and (v8) parses the whole RGI emoji set:
 * ~50 ms before Ink draws its first frame, for text that is ASCII, box drawing and arrows.
 * Build both on first use, and measure strings made only of one-column characters once their
 * colour codes are stripped (the set is computed from the installed module itself, so the
 * answers are its own) without segmenting them.
 */
export const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      if ((await readFile(args.path, 'utf8')).includes('module.exports')) return undefined; // the CommonJS major (4): left as is
      const patched = await patchPackageFile('lazyStringWidth', args.path, {
        '8.3.0': [usesStripAnsi, lazySegmenter, lazyRgiEmoji, renameStringWidth], // Ink's copy
        '7.2.0': [usesStripAnsi, lazySegmenter, renameStringWidth], // listr2's copy (no emoji set of its own)
      });
      const { default: width } = await import(pathToFileURL(args.path).href);
      return {
        contents: `${patched}
const oneColumnEach = /^[\\u0020-\\u007E${oneColumnCharacters(width)}]*$/;
export default function stringWidth(input, options) {
  if (typeof input === 'string' && options?.ambiguousIsNarrow !== false) {
    const text = options?.countAnsiEscapeCodes || !/[\\u001B\\u009B]/.test(input) ? input : stripAnsi(input);
    if (oneColumnEach.test(text)) return text.length;
  }
  return stringWidthBySegments(input, options);
}
`,
        loader: 'js',
      };
    });
  },
};

export const productPlugins = [yogaWithoutFetch, inkOutputCachesAcrossFrames, inkCachedTextWidth, lazyStringWidth, noReactDevtools];
