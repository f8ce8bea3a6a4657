package co.entrega.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This process, as the other instances and the tables that record who holds what know it: an id new at every start
 * (a restarted process is another instance, so nothing it held before is mistaken for its own).
 */
public record ThisInstance(String id, String host, long pid) {

    static ThisInstance create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        long pid = ProcessHandle.current().pid();
        String shortHost = host.length() > 40 ? host.substring(0, 40) : host; // ids fit VARCHAR(64)
        return new ThisInstance(pid + "@" + shortHost + "/" + UUID.randomUUID().toString().substring(0, 8), host, pid);
    }
}
