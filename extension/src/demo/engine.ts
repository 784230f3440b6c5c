/**
 * The demo bundle's stand-in for content/engine-client.ts (swapped in by the esbuild plugin in
 * bundle.mjs): the same real wasm `Checker`, in the page, compiled from the policy the demo
 * chose and with rule texts in the language chosen on the page. Loads the wasm relative to the
 * page, so it works in the extension (chrome-extension://…/demo.html) and on a plain static
 * server alike, without extension APIs.
 */
import { Checker } from 'composure-wasm';
import type * as Real from '../content/engine-client';
// anything else content/* may import from the module this one stands in for: the real thing
export * from '../content/engine-client';
import { checkText, PACK_PATH, rulesOf, startEngine, WASM_PATH } from '../engine/wasm';
import { triplesToFindings } from '../shared/types';
import { example_organization } from '../../../crates/engine/packs/default.json';
import { lang } from './i18n';
import { activePolicy } from './policy-source';

export type Engine = Real.Engine;

/** The default pack with its example organisation (Acme): what every scenario is written for. */
export const EXAMPLE_POLICY = JSON.stringify({
  name: 'Acme (example organisation)',
  extends: ['default'],
  organization: example_organization,
});

let wasm: Promise<unknown> | null = null;

export function loadWasm(): Promise<unknown> {
  if (!wasm) {
    wasm = startEngine(new URL(WASM_PATH, document.baseURI), new URL(PACK_PATH, document.baseURI));
    wasm.catch(() => {
      wasm = null;
    });
  }
  return wasm;
}

/** Compiles a policy; throws the engine's error (one problem per line, each with its location). */
export async function compilePolicy(json: string): Promise<Checker> {
  await loadWasm();
  return new Checker(json);
}

export interface PolicyInfo {
  name: string | null;
  version: string | null;
  rules: number;
}

export function infoOf(checker: Checker): PolicyInfo {
  const i = JSON.parse(checker.info()) as { name?: string | null; version?: string | null; rules: number };
  return { name: i.name ?? null, version: i.version ?? null, rules: i.rules };
}

function engineFor(checker: Checker): Engine {
  const checkSync = (text: string, site: string) => triplesToFindings(checkText(checker, text, site));
  // the demo's own policy, checked in the page only: no worker, no other revision
  return { mode: 'page', revision: 'demo', rules: rulesOf(checker, lang()), checkSync, check: async (text, site) => checkSync(text, site) };
}

let pending: Promise<{ engine: Engine; checker: Checker }> | null = null;

export const getEngine: typeof Real.getEngine = async () => {
  if (!pending) {
    pending = (async () => {
      const policy = await activePolicy();
      const checker = await compilePolicy(policy.json || EXAMPLE_POLICY);
      return { engine: engineFor(checker), checker };
    })();
    pending.catch(() => {
      pending = null;
    });
  }
  return (await pending).engine;
};

export const resetEngine: typeof Real.resetEngine = () => {
  const old = pending;
  pending = null;
  // the controller drops its reference synchronously when it resets; free the old one after
  old?.then(({ checker }) => setTimeout(() => checker.free(), 1000)).catch(() => {});
};

export const uiLang: typeof Real.uiLang = () => lang();
