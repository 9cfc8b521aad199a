import { defineDurability } from './durability.js';
import { sqliteHarness } from './support/sqlite.js';

defineDurability('SQLite', sqliteHarness);
