/**
 * The time, passed in. The core never reads the clock itself: whoever calls it (the CLI, the server,
 * a test) supplies a Clock, so every rule that depends on time can be tested at any instant.
 */
export type Clock = () => number;
