/**
 * The scenario library: realistic posts for the example organisation Acme (names Acme/Acme BV,
 * codenames Falcon/Nightjar, product RoadRunner; the default pack's `example_organization`).
 * The data lives in scenarios.json so that tests/e2e/demo-scenarios.test.mjs can check every
 * post and every "better way" against the real engine without a bundler.
 */
import data from './scenarios.json';

export type ComposerStyle = 'microblog' | 'feed' | 'professional';
export type Category =
  | 'employer-criticism' | 'confidential' | 'personal-data' | 'credentials'
  | 'profanity-insult' | 'speaking-for-company' | 'near-miss';

export interface Scenario {
  id: string;
  /** The post's language; `risky`, `why` and `better` are written in it too. */
  lang: 'en' | 'nl';
  composer: ComposerStyle;
  /** The default code's category this post is about, or `near-miss` (it correctly passes). */
  category: Category;
  title: string;
  text: string;
  /** Rule ids (warn/block) the engine must flag; empty for a near miss. */
  rules: string[];
  /** What is risky, in a sentence. */
  risky: string;
  /** Why (for a near miss: why it passes). */
  why: string;
  /** A better way to say it: a rewrite that passes. Absent for near misses. */
  better?: string;
}

export const SCENARIOS = data as Scenario[];

export const CATEGORY_KEYS: Record<Category, string> = {
  'employer-criticism': 'demo_catEmployerCriticism',
  confidential: 'demo_catConfidential',
  'personal-data': 'demo_catPersonalData',
  credentials: 'demo_catCredentials',
  'profanity-insult': 'demo_catProfanityInsult',
  'speaking-for-company': 'demo_catSpeakingForCompany',
  'near-miss': 'demo_catNearMiss',
};
