package dev.overlay.container;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

/**
 * One node in a container: a host on the test's own Docker network, known there by its alias, with
 * its node state in a named volume that outlives the container. The test reaches the node's API at
 * the container's address on that network (no ports are published on the host), so every request
 * goes only to a container the test created.
 *
 * <p>Threading: confined to the test thread, except {@link #api()}, which other threads may use.
 */
final class NodeHost {

    static final int API_PORT = 8080;
    static final int PEER_PORT = 51235;
    /** Room for the graceful shutdown before Docker falls back to SIGKILL (as in docker-compose.yml). */
    private static final int STOP_SECONDS = 45;
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient docker = DockerEngine.client();
    private final String alias;
    private final String containerName;
    private final String volumeName;
    private final String networkName;
    private final List<String> env;
    private volatile NodeApi api;
    private String containerId;

    NodeHost(String runId, String alias, String networkName, Map<String, String> env) {
        this.alias = alias;
        this.containerName = "overlay-it-" + runId + "-" + alias;
        this.volumeName = containerName + "-data";
        this.networkName = networkName;
        this.env = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    String alias() {
        return alias;
    }

    NodeApi api() {
        return api;
    }

    /** Creates and starts a container on the node's volume; the previous one, if any, must be removed. */
    void start() {
        containerId = docker.createContainerCmd(OverlayImage.tag())
                .withName(containerName)
                .withEnv(env)
                .withAliases(alias)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(networkName)
                        .withBinds(new Bind(volumeName, new Volume("/data")))
                        // tc netem inside the container (the latency and loss fault).
                        .withCapAdd(Capability.NET_ADMIN))
                .exec()
                .getId();
        docker.startContainerCmd(containerId).exec();
        refreshAddress();
    }

    /** {@code docker stop}: SIGTERM to the JVM (PID 1), which shuts down gracefully. */
    void stop() {
        docker.stopContainerCmd(containerId).withTimeout(STOP_SECONDS).exec();
    }

    /** {@code docker kill}: SIGKILL, no shutdown at all. */
    void kill() {
        docker.killContainerCmd(containerId).withSignal("SIGKILL").exec();
    }

    /** Starts the stopped container again (same container, same volume; the address may change). */
    void restart() {
        docker.startContainerCmd(containerId).exec();
        refreshAddress();
    }

    /** Takes the container off the test network: no traffic in or out until {@link #reconnect()}. */
    void disconnect() {
        docker.disconnectFromNetworkCmd().withNetworkId(networkName).withContainerId(containerId).exec();
    }

    void reconnect() {
        docker.connectToNetworkCmd()
                .withNetworkId(networkName)
                .withContainerId(containerId)
                .withContainerNetwork(new ContainerNetwork().withAliases(alias))
                .exec();
        refreshAddress();
    }

    /** Removes the container (not the volume), whatever state it is in. */
    void remove() {
        if (containerId != null) {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            containerId = null;
        }
    }

    /** Removes the container and the node's volume. */
    void destroy() {
        try {
            remove();
        } finally {
            docker.removeVolumeCmd(volumeName).exec();
        }
    }

    /** Runs a command in the container as root, bounded in time; returns its exit code. */
    long execAsRoot(String... command) throws InterruptedException {
        ExecCreateCmdResponse exec = docker.execCreateCmd(containerId)
                .withUser("root")
                .withCmd(command)
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec();
        try (ResultCallback.Adapter<Frame> done = docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<>())) {
            if (!done.awaitCompletion(EXEC_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(alias + ": " + String.join(" ", command) + " did not finish in " + EXEC_TIMEOUT);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Long exitCode = docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
        return exitCode == null ? -1 : exitCode;
    }

    /** The HEALTHCHECK's verdict: {@code starting}, {@code healthy} or {@code unhealthy}. */
    String healthStatus() {
        InspectContainerResponse.ContainerState state = inspect().getState();
        return state.getHealth() == null ? "none" : state.getHealth().getStatus();
    }

    /** The user the container's main process runs as (the image's USER). */
    String configuredUser() {
        return inspect().getConfig().getUser();
    }

    boolean running() {
        return Boolean.TRUE.equals(inspect().getState().getRunning());
    }

    /** The last lines the node logged, for failure messages. */
    String logTail(int lines) throws InterruptedException {
        List<String> out = new ArrayList<>();
        try (ResultCallback.Adapter<Frame> done = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withTail(lines)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.add(new String(frame.getPayload()).stripTrailing());
                    }
                })) {
            done.awaitCompletion(EXEC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return String.join("\n", out);
    }

    private InspectContainerResponse inspect() {
        return docker.inspectContainerCmd(containerId).exec();
    }

    private void refreshAddress() {
        ContainerNetwork network = inspect().getNetworkSettings().getNetworks().get(networkName);
        if (network == null || network.getIpAddress() == null || network.getIpAddress().isEmpty()) {
            throw new IllegalStateException(alias + " has no address on " + networkName);
        }
        api = new NodeApi(alias, network.getIpAddress(), API_PORT);
    }
}
