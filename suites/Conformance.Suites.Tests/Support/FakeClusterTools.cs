using System.Diagnostics;
using Conformance.Cluster;
using Conformance.Pki;
using Conformance.Targets;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// A folder of fake <c>kind</c>, <c>docker</c> and <c>kubectl</c> scripts that record every call (one line per call:
/// the tool and its arguments, tab-separated) and answer as the real tools do, from a state folder the test arranges:
/// <c>state/clusters/NAME</c> (a cluster exists), <c>state/images/IMAGE</c> (an image is in the local store),
/// <c>state/fail-kind-VERB</c> (that kind verb fails with the file's text), <c>state/hang-TOOL</c> or <c>state/hang-TOOL-VERB</c> (every call of the
/// tool, or of that verb, hangs in a child process whose pid goes to <c>state/hang.pid</c>), <c>state/docker-down</c>,
/// <c>state/node-notready</c>. The scripts use bash builtins and absolute paths only, so the search path can be the
/// fake folder alone (no real tool found by accident). Nothing here touches the test process's environment.
/// </summary>
internal sealed class FakeClusterTools : IDisposable
{
    private const string Common = """
        #!/bin/bash
        here=$(cd "${0%/*}" && pwd)
        state="$here/../state"
        tool="${0##*/}"
        { printf '%s' "$tool"; printf '\t%s' "$@"; printf '\n'; } >> "$here/../calls.log"
        if [ -e "$state/hang-$tool" ] || [ -e "$state/hang-$tool-$1" ]; then
          /bin/sleep 600 &
          echo $! > "$state/hang.pid"
          wait
          exit 0
        fi
        flag() { local want=$1; shift; while [ $# -gt 0 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }

        """;

    private const string Kind = Common + """
        verb="$1 $2"
        if [ -e "$state/fail-kind-$1" ]; then
          echo "ERROR: $(< "$state/fail-kind-$1")" >&2
          echo "Command Output: details follow" >&2
          exit 1
        fi
        name=$(flag --name "$@"); name=${name:-kind}
        case "$verb" in
          "get clusters")
            found=0
            for f in "$state"/clusters/*; do [ -e "$f" ] && { echo "${f##*/}"; found=1; }; done
            [ $found = 1 ] || echo "No kind clusters found." >&2
            ;;
          "create cluster")
            if [ -e "$state/clusters/$name" ]; then
              echo "ERROR: failed to create cluster: node(s) already exist for a cluster with the name \"$name\"" >&2; exit 1
            fi
            [ -f "$(flag --config "$@")" ] || { echo "ERROR: failed to create cluster: open $(flag --config "$@"): no such file or directory" >&2; exit 1; }
            echo "Creating cluster \"$name\" ..." >&2
            : > "$state/clusters/$name"
            kc=$(flag --kubeconfig "$@"); [ -n "$kc" ] && echo "current-context: kind-$name" > "$kc"
            echo "Set kubectl context to \"kind-$name\"" >&2
            ;;
          "export kubeconfig")
            [ -e "$state/clusters/$name" ] || { echo "ERROR: could not locate any control plane nodes for cluster named '$name'" >&2; exit 1; }
            echo "current-context: kind-$name" > "$(flag --kubeconfig "$@")"
            echo "Set kubectl context to \"kind-$name\"" >&2
            ;;
          "load docker-image")
            [ -e "$state/clusters/$name" ] || { echo "ERROR: no nodes found for cluster \"$name\"" >&2; exit 1; }
            echo "Image: \"$3\" with ID \"sha256:0123\" not yet present on node \"$name-control-plane\", loading..."
            ;;
          "delete cluster")
            echo "Deleting cluster \"$name\" ..." >&2
            /bin/rm -f "$state/clusters/$name"
            ;;
          *) echo "ERROR: unknown command \"$1\" for \"kind\"" >&2; exit 1 ;;
        esac
        """;

    private const string Docker = Common + """
        if [ -e "$state/docker-down" ]; then
          echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1
        fi
        case "$1 $2" in
          "info --format") echo "27.5.1" ;;
          "image inspect")
            image="${!#}"
            [ -e "$state/images/${image//[\/:]/_}" ] || { echo "Error response from daemon: No such image: $image" >&2; exit 1; }
            echo "sha256:0123"
            ;;
          *) echo "docker: unexpected call $*" >&2; exit 1 ;;
        esac
        """;

    private const string Kubectl = Common + """
        ready=True; [ -e "$state/node-notready" ] && ready=False
        ctx=$(flag --context "$@")
        echo "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"${ctx#kind-}-control-plane\"},\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"$ready\"}]}}]}"
        """;

    private readonly RunWorkspace _root = RunWorkspace.Create("conformance-fake-kind-");

    private FakeClusterTools(IReadOnlyCollection<string> tools)
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Path.Combine(State, "clusters"));
        Directory.CreateDirectory(Path.Combine(State, "images"));
        foreach (var (name, text) in new[] { ("kind", Kind), ("docker", Docker), ("kubectl", Kubectl) })
        {
            if (tools.Contains(name))
            {
                var path = Path.Combine(Bin, name);
                System.IO.File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
                if (!OperatingSystem.IsWindows())
                {
                    System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
        }
    }

    /// <summary>The folder the fake tools are in: the whole search path the code under test gets.</summary>
    public string Bin => _root.File("bin");

    public string State => _root.File("state");

    public string Dir => _root.Path;

    public string File(string name) => _root.File(name);

    /// <summary>All three tools.</summary>
    public static FakeClusterTools Create() => new(["kind", "docker", "kubectl"]);

    /// <summary>Only the tools named; the others are missing from the search path.</summary>
    public static FakeClusterTools With(params string[] tools) => new(tools);

    public ToolRunner Runner() => new(new ToolLocator(Bin));

    public void AddCluster(string name) => System.IO.File.WriteAllText(Path.Combine(State, "clusters", name), string.Empty);

    public bool HasCluster(string name) => System.IO.File.Exists(Path.Combine(State, "clusters", name));

    public void AddImage(string image) => System.IO.File.WriteAllText(Path.Combine(State, "images", image.Replace('/', '_').Replace(':', '_')), string.Empty);

    public void Set(string flag, string text = "") => System.IO.File.WriteAllText(Path.Combine(State, flag), text);

    /// <summary>Every recorded call, in order: the tool, then its arguments.</summary>
    public IReadOnlyList<string[]> Calls()
    {
        var log = Path.Combine(Dir, "calls.log");
        return System.IO.File.Exists(log)
            ? [.. System.IO.File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => l.Split('\t'))]
            : [];
    }

    /// <summary>The calls of one tool as single strings ("create cluster --name x ..."), for exact comparisons.</summary>
    public IReadOnlyList<string> CallsOf(string tool) => [.. Calls().Where(c => c[0] == tool).Select(c => string.Join(' ', c.Skip(1)))];

    /// <summary>The pid of the child a hanging fake started, once it has written it.</summary>
    public int? HangPid()
    {
        var path = Path.Combine(State, "hang.pid");
        return System.IO.File.Exists(path) && int.TryParse(System.IO.File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>
    /// Runs the real CLI (<c>dotnet conformance.dll ARGS</c>) as a child process whose PATH is the fake folder (or
    /// <paramref name="path"/>), bounded by <paramref name="within"/>; the test process's PATH is untouched.
    /// </summary>
    public async Task<(int Code, string Out, string Err)> RunCliAsync(IReadOnlyList<string> args, TimeSpan within, CancellationToken cancellationToken, string? path = null)
    {
        var (dotnet, _) = ReferenceLocator.Locate();
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "conformance.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PATH"] = path ?? Bin;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(within);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"conformance {string.Join(' ', args)} did not exit within {within}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        if (HangPid() is { } pid && ProcessTreeAlive(pid))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
        }

        _root.Dispose();
    }

    /// <summary>Whether <paramref name="pid"/> is a live, non-zombie process (from /proc).</summary>
    public static bool ProcessTreeAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!System.IO.File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = System.IO.File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
