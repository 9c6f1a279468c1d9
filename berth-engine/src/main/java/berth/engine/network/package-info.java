/**
 * Networks: their records and address allocation in the store ({@link berth.engine.network.NetworkStore},
 * {@link berth.engine.network.Ipam}), published host ports held open ({@link berth.engine.network.HostPorts}, their IPv6 side relayed by
 * {@link berth.engine.network.TcpRelay} and {@link berth.engine.network.UdpRelay}), and
 * the host-side plumbing done by netavark ({@link berth.engine.network.Netavark}) in a persistent namespace per
 * container. {@link berth.engine.network.Networking} is what a container start and its cleanup call.
 */
package berth.engine.network;
