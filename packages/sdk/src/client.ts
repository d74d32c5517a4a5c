import { groupClasses } from './generated/groups.js';
import type { ClientOptions } from './core/options.js';
import { Core } from './core/request.js';

type Groups = {
  readonly [K in keyof typeof groupClasses]: InstanceType<(typeof groupClasses)[K]>;
};

// The groups are declared through the interface and assigned in the constructor.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Castellan extends Groups {}

/**
 * The Clerk Backend API client: `new Castellan({ bearerAuth: process.env.CLERK_SECRET_KEY,
 * serverIdx: 1 })`, then `await castellan.users.getUserList({ limit: 10 })`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Castellan {
  /** Where requests go (the chosen server, without a trailing slash). */
  readonly serverURL: string;

  constructor(options: ClientOptions = {}) {
    const core = new Core(options);
    this.serverURL = core.serverURL;
    for (const [name, GroupClass] of Object.entries(groupClasses)) {
      Object.defineProperty(this, name, { value: new GroupClass(core), enumerable: true });
    }
  }
}
