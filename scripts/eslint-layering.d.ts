/** Types for scripts/eslint-layering.js (plain JS so eslint.config.js can load it without a TS loader). */
import type { ESLint } from 'eslint';

export interface Layer {
  name: string;
  description: string;
  dirs: string[];
  match?: (file: string) => boolean;
  layers: string[] | '*';
  node: boolean;
  electron: boolean;
  packages: string[] | '*';
}
export declare const LAYERS: Layer[];
export declare function layerOf(path: string): Layer | null;
export declare function refusal(layer: Layer, spec: string, fromFile: string, root: string): string | null;
export declare const layeringPlugin: ESLint.Plugin;
