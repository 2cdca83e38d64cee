// Bundled by bench/annotators.ts and run in headless Chromium.
import { runAnnotatorsBench } from './annotators-core';

(globalThis as unknown as { runAnnotatorsBench: typeof runAnnotatorsBench }).runAnnotatorsBench = runAnnotatorsBench;
