/** optim public API (see core/API.md). */
export {};
