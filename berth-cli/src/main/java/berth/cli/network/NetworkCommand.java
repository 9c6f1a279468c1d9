package berth.cli.network;

import picocli.CommandLine.Command;

/** {@code berth network VERB}: the network verbs under their group name. */
@Command(name = "network", description = "Manage networks",
        subcommands = {NetworkCreateCommand.class, NetworkLsCommand.class, NetworkInspectCommand.class,
                NetworkRmCommand.class, NetworkConnectCommand.class, NetworkDisconnectCommand.class, NetworkPruneCommand.class})
public final class NetworkCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        System.out.print(berth.cli.Help.render(spec));
    }
}
