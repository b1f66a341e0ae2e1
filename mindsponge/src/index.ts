/** @mindscience/mindsponge — public API. */
export {};
