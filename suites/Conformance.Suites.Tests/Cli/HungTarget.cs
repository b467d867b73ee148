namespace Conformance.Suites.Tests.Cli;

/// <summary>A target that ignores SIGINT and SIGTERM, for the interruption matrix's hung cases.</summary>
internal static class HungTarget
{
    /// <summary>
    /// A target that ignores SIGINT and SIGTERM and either never listens (the harness waits in readiness) or accepts
    /// connections and never answers (every probe hangs until its timeout), counting them in <paramref name="marker"/>.
    /// </summary>
    public static string WriteProfile(string root, HungMode mode, string marker)
    {
        var script = Path.Combine(root, "hung-target.py");
        File.WriteAllText(script, """
            import signal, socket, sys, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            deadline = time.time() + 300
            if sys.argv[1] == "never":
                while time.time() < deadline:
                    time.sleep(1)
                sys.exit(0)
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[2])))
            s.listen(128)
            held = []
            while time.time() < deadline:
                c, _ = s.accept()
                held.append(c)
                with open(sys.argv[3], "w") as f:
                    f.write(str(len(held)))
            """);
        var path = Path.Combine(root, "hung.yaml");
        File.WriteAllText(path, $$"""
            apiVersion: conformance/v1
            name: hung
            description: ignores SIGINT and SIGTERM; {{(mode == HungMode.NeverListens ? "never listens" : "accepts and never answers")}}
            target:
              kind: process
              command: python3
              args: ["{{script}}", "{{(mode == HungMode.NeverListens ? "never" : "accept")}}", "{port:https}", "{{marker}}"]
              ready: { tcp: "{port:https}", within: 120s }
              stopTimeout: 5s
            endpoints:
              https:
                port: "{port:https}"
                serverName: localhost
                trust: "{pki:ca}"
            pki:
              serverNames: [localhost]
              ipAddresses: [127.0.0.1]
            """);
        return path;
    }
}
