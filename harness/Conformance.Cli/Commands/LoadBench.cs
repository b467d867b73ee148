using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Conformance.Cli.Console;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Load;
using Conformance.Model;
using Conformance.Profiles;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance bench --load</c>: the load engine against Debian nginx (the shipped nginx profile) on loopback, next
/// to wrk (keep-alive requests/s) and openssl s_time -new (full handshakes/s), in one run; plus bytes per recorded
/// request and the timestamp resolution behind the longest-gap figure.
/// </summary>
internal static partial class LoadBench
{
    private const string Nginx = "/usr/sbin/nginx";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!await EnsureToolsAsync(output, ct))
        {
            output.WriteLine("bench --load: skipped: needs /usr/sbin/nginx, wrk and openssl (apt-get install -y nginx-light wrk openssl)");
            return ExitCodes.Conformant;
        }

        Profile profile;
        try
        {
            profile = ProfileLoader.Load(Path.Combine(FixturePaths.ProfilesDirectory, "nginx.yaml"));
        }
        catch (ProfileValidationException e)
        {
            error.WriteLine($"error: {e.Errors[0]}");
            return ExitCodes.BadUsage;
        }

        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        await env.Target.StartAsync(ct);
        var https = env.Endpoints.First(e => e.Name == "https");
        var url = $"https://127.0.0.1:{https.Port}/";
        output.WriteLine($"bench --load: nginx ({profile.Name} profile) at {url}, {Environment.ProcessorCount} cores shared by client and server; {Window.TotalSeconds:0} s per measurement");

        // Warm-up (JIT, nginx caches) so the first measured window is not the engine's start-up.
        await RunEngineAsync(https, keepAliveShare: 1, workers: 8, TimeSpan.FromSeconds(1), 20_000, ct);

        var keepAlive = await RunEngineAsync(https, keepAliveShare: 1, workers: 8, Window, 200_000, ct);
        var wrk = await RunToolAsync("wrk", ["-t2", "-c8", $"-d{Window.TotalSeconds:0}s", url], ct);
        var wrkRate = ParseDouble(WrkRate().Match(wrk), 1);
        var fresh = await RunEngineAsync(https, keepAliveShare: 0, workers: 8, Window, 200_000, ct);
        var sTime = await RunToolAsync("openssl", ["s_time", "-connect", $"127.0.0.1:{https.Port}", "-new", "-time", $"{Window.TotalSeconds:0}"], ct);
        var sReal = STimeReal().Match(sTime);
        var sTimeRate = sReal.Success ? ParseDouble(sReal, 1) / ParseDouble(sReal, 2) : double.NaN;
        var sTimeUser = ParseDouble(STimeUser().Match(sTime), 1);

        output.WriteLine();
        output.WriteLine($"{"measure",-44} {"engine",12} {"reference",12} {"ratio",7} {"target",7}");
        Row(output, "keep-alive req/s (8 workers) vs wrk -t2 -c8", keepAlive.Summary.RequestsPerSecond, wrkRate, 0.5);
        Row(output, "new handshakes/s (8 workers) vs s_time -new", fresh.Summary.RequestsPerSecond, sTimeRate, 1.0);
        output.WriteLine($"  engine keep-alive: {Describe(keepAlive)}");
        output.WriteLine($"  engine fresh:      {Describe(fresh)}");
        output.WriteLine($"  openssl s_time -new: {sTimeRate:0.0} connections/real s ({sTimeUser:0.0} connections/user s; full handshakes, no request sent, one at a time)");
        output.WriteLine($"bytes per recorded request: {Unsafe.SizeOf<RequestRecord>()} (target <= 100)");
        output.WriteLine($"longest-gap resolution: {keepAlive.Summary.TimestampResolutionMs:0.######} ms (clock 1/{TimeProvider.System.TimestampFrequency} s = {1000.0 / TimeProvider.System.TimestampFrequency:0.######} ms; durations stored in whole us; target <= 1 ms)");
        await env.Target.StopAsync(ct);
        return ExitCodes.Conformant;
    }

    private static string Describe(LoadResult r)
    {
        var s = r.Summary;
        var failures = s.FailuresByClass.Count == 0 ? "0 failures" : string.Join(", ", s.FailuresByClass.Select(kv => $"{kv.Key} {kv.Value}"));
        return $"{s.Total} requests in {s.DurationMs / 1000:0.00} s, {failures}, {s.Connections} connections, longest gap {s.LongestGapMs:0.000} ms";
    }

    private static void Row(TextWriter output, string label, double engine, double reference, double target)
    {
        var ratio = engine / reference;
        var verdict = double.IsNaN(ratio) ? "n/a" : ratio >= target ? "met" : "MISSED";
        output.WriteLine($"{label,-44} {engine,12:0} {reference,12:0} {ratio,7:0.00} {">=" + target.ToString("0.0", CultureInfo.InvariantCulture),7} {verdict}");
    }

    private static async Task<LoadResult> RunEngineAsync(ResolvedEndpoint endpoint, double keepAliveShare, int workers, TimeSpan duration, long max, CancellationToken ct)
    {
        var spec = new LoadSpec
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            ServerName = endpoint.ServerName,
            Populations = [new PopulationSpec("bench", endpoint.TrustAnchors, workers)],
            KeepAliveShare = keepAliveShare,
            MaxRequests = max,
            MaxDuration = duration,
        };
        await using var session = new LoadEngine(TimeProvider.System).Start(spec, ct);
        return await session.CompleteAsync(ct);
    }

    private static async Task<bool> EnsureToolsAsync(TextWriter output, CancellationToken ct)
    {
        static bool Present() => File.Exists(Nginx) && OnPath("wrk") && OnPath("openssl");
        if (Present())
        {
            return true;
        }

        if (!OnPath("apt-get") || Environment.UserName != "root")
        {
            return false;
        }

        output.WriteLine("bench --load: installing nginx-light and wrk with apt-get");
        await RunToolAsync("apt-get", ["install", "-y", "nginx-light", "wrk", "openssl"], ct, TimeSpan.FromMinutes(5));
        return Present();
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task<string> RunToolAsync(string file, string[] args, CancellationToken ct, TimeSpan? limit = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit ?? Window + TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in time");
        }

        return await stdout + await stderr;
    }

    private static double ParseDouble(Match m, int group) =>
        m.Success && double.TryParse(m.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex WrkRate();

    [GeneratedRegex(@"(\d+) connections in (\d+) real seconds")]
    private static partial Regex STimeReal();

    [GeneratedRegex(@"([\d.]+) connections/user sec")]
    private static partial Regex STimeUser();
}
