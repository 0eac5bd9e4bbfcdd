/** The roles an account may have on a server with accounts, from the most to the least powerful. */
export const roles = ["admin", "instructor", "author", "candidate"] as const;
export type Role = (typeof roles)[number];
