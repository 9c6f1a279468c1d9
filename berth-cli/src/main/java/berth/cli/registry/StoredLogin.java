package berth.cli.registry;

/** A login as config.json or a credential helper keeps it: a username and password, or an identity token. */
record StoredLogin(String username, String password, String identityToken) {
    @Override
    public String toString() {
        return "StoredLogin[" + username + "]"; // never the secret
    }
}
