import { defineStoreContract } from './contract.js';
import { sqliteHarness } from './support/sqlite.js';

defineStoreContract('SQLite', sqliteHarness);
