/** What a page about accounts (Account, Users) says on a server in single-user mode, which has none. */
export function NoAccounts({ title }: { title: string }) {
  return (
    <section className="account">
      <h1>{title}</h1>
      <p>
        This server runs in single-user mode: it has no accounts, and everything you do stays in its database
        on this machine.
      </p>
      <p>To run a server with accounts, add the first admin and start it with accounts on:</p>
      <pre className="commands">
        <code>{"certpath user add you@example.org --role admin\ncertpath serve --multi-user"}</code>
      </pre>
      <p className="small">
        <code>certpath user add</code> prints a generated password (or reads one with{" "}
        <code>--password-stdin</code>); an admin can then add everyone else from the Users page.
      </p>
    </section>
  );
}
