// Types of the wasm-bindgen glue (crates/wasm, `wasm-pack --target web`). The build aliases
// the module name to the generated file, so type-checking does not need the wasm built first.
declare module 'composure-wasm' {
  export class Checker {
    constructor(policyJson: string);
    free(): void;
    check(text: string, site: string): Uint32Array;
    inputBuffer(bytes: number): number;
    checkInput(len: number, site: string): Uint32Array;
    rules(lang: string): string;
    info(): string;
  }
  export function version(): string;
  export function provideDefaultPack(json: string): void;
  export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
  export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
  export default function init(
    moduleOrPath?: { module_or_path: InitInput | Promise<InitInput> },
  ): Promise<unknown>;
}

// Types of the sentence model's glue (crates/wasm-model), loaded by the background worker only.
declare module 'composure-wasm-model' {
  export class ModelChecker {
    constructor(policyJson: string, model: Uint8Array, headsJson: string);
    free(): void;
    hasModelRules(): boolean;
    check(text: string, site: string): Uint32Array;
  }
  export function version(): string;
  export function provideDefaultPack(json: string): void;
  export default function init(
    moduleOrPath?: { module_or_path: import('composure-wasm').InitInput | Promise<import('composure-wasm').InitInput> },
  ): Promise<unknown>;
}
