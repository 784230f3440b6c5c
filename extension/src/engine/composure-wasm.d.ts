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
