// A parsed JSON object as checks and helpers read it: the one loose type, so the shape of what a server
// sent is judged by schemas (core/schemas.ts), not by the compiler.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;
