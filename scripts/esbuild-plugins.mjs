// esbuild plugins shared by the build and the benches, so both measure the code users run.
import { readFile } from 'node:fs/promises';

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
      contents: (await readFile(args.path, 'utf8')).replaceAll('typeof fetch', '"undefined"'),
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
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('caches = new OutputCaches();')) throw new Error('ink/build/output.js changed: review inkOutputCachesAcrossFrames');
      const patched = source.replace('caches = new OutputCaches();', 'caches = sharedOutputCaches();') +
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
      const source = await readFile(args.path, 'utf8');
      const call = 'const currentWidth = widestLine(text);';
      if (!source.includes(call)) throw new Error('ink/build/render-node-to-output.js changed: review inkCachedTextWidth');
      return {
        contents: `import measureText from './measure-text.js';\n${source.replace(call, 'const currentWidth = measureText(text).width;')}`,
        loader: 'js',
      };
    });
  },
};

export const productPlugins = [yogaWithoutFetch, inkOutputCachesAcrossFrames, inkCachedTextWidth, noReactDevtools];
