using System.Diagnostics;
using AssemblyInformationalVersionAttribute = System.Reflection.AssemblyInformationalVersionAttribute;
using CustomAttributeExtensions = System.Reflection.CustomAttributeExtensions;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// Runs scenarios against one profile: prepares the environment, starts the target, runs each scenario with a
/// bound, and turns every harness failure into an <c>error</c> verdict (never a pass or a fail).
/// </summary>
public sealed class ScenarioRunner(TimeProvider time)
{
    /// <summary>How long an interrupted run lets the target stop gracefully before killing it.</summary>
    public static readonly TimeSpan InterruptedStopGrace = TimeSpan.FromMilliseconds(500);

    public static string HarnessVersion =>
        CustomAttributeExtensions.GetCustomAttribute<AssemblyInformationalVersionAttribute>(typeof(ScenarioRunner).Assembly)?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The commit the harness was built from (after the <c>+</c> of the informational version), or null.</summary>
    public static string? HarnessCommit =>
        CustomAttributeExtensions.GetCustomAttribute<AssemblyInformationalVersionAttribute>(typeof(ScenarioRunner).Assembly)?.InformationalVersion.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : null;

    /// <summary>The scenarios the filters select, in catalog order. Unknown IDs or suites throw <see cref="ArgumentException"/>.</summary>
    public static IReadOnlyList<IScenario> Select(IReadOnlyList<IScenario> catalog, RunOptions options)
    {
        foreach (var id in options.Scenarios)
        {
            if (!catalog.Any(s => s.Info.Id.Equals(id, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"unknown scenario '{id}' (see 'conformance scenarios')");
            }
        }

        foreach (var suite in options.Suites)
        {
            if (!catalog.Any(s => s.Info.Suite.Equals(suite, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"unknown suite '{suite}' (suites: {string.Join(", ", catalog.Select(s => s.Info.Suite).Distinct())})");
            }
        }

        return [.. catalog.Where(s =>
            (options.Suites.Count == 0 || options.Suites.Contains(s.Info.Suite, StringComparer.OrdinalIgnoreCase)) &&
            (options.Scenarios.Count == 0 || options.Scenarios.Contains(s.Info.Id, StringComparer.OrdinalIgnoreCase)))];
    }

    /// <summary>
    /// Runs the selected scenarios against the profile. Profile problems throw <see cref="ProfileException"/>;
    /// a target that will not start yields a result whose scenarios are all <c>error</c>. Scenarios that do not act
    /// on the target run concurrently (at most <see cref="RunOptions.Parallelism"/> at once); then those that act on
    /// it run one at a time in catalog order with nothing else probing. Results are in catalog order either way.
    /// Cancellation does not throw: the scenarios it cut short or never started are <c>error</c>, the target is
    /// stopped, and the result says the run was interrupted, so a partial report can still be written.
    /// </summary>
    public async Task<RunResult> RunAsync(Profile profile, IReadOnlyList<IScenario> catalog, RunOptions options, IProgress<ScenarioResult>? progress, CancellationToken cancellationToken)
    {
        var selected = Select(catalog, options);
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var results = new ScenarioResult?[selected.Count];
        string? infrastructure = null;

        // Once the run is interrupted, nothing waits longer than a short grace for a step that does not observe the
        // cancellation (a hung container start, a probe in a blocking call): its scenario is recorded as interrupted
        // and the run goes on to stop the target, so the whole interrupted run ends within seconds.
        var abandonSource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onInterrupt = cancellationToken.Register(() => _ = Task.Delay(InterruptedStepGrace, time, CancellationToken.None).ContinueWith(_ => abandonSource.TrySetResult(), TaskScheduler.Default));
        var abandon = abandonSource.Task;
        var abandoned = false;

        // The reason unfinished scenarios get once the run cannot go on (target did not start, or exited mid-run).
        string? skip = null;
        Diagnostics.StartupTrace.Mark("runner entered");
        var env = RunEnvironment.Prepare(profile, time);
        Diagnostics.StartupTrace.Mark("run prepared");
        try
        {
            try
            {
                await Task.WhenAny(StartTargetAsync(env, cancellationToken), abandon).Unwrap();
            }
            catch (TargetException e)
            {
                infrastructure = e.Message;
                skip = $"target did not start: {e.Message}";
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
            {
                infrastructure = "run interrupted while the target was starting";
                skip = "run interrupted before the scenario started";
            }

            Diagnostics.StartupTrace.Mark("target started");

            // A target that serves nothing over TLS (silent, garbage, never accepting, refusing everything) gives no
            // scenario anything to judge: one control per TLS endpoint (cached; the scenarios reuse it) decides that
            // within the probe deadlines, instead of every scenario waiting out its own.
            string? unserved = null;
            if (skip is null && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    // Raced with the abandon grace too: a control waiting on a hung target must not hold up an interruption.
                    unserved = await Task.WhenAny(env.Controls.NothingServedAsync(env.Endpoints, new Probes.HandshakeProbe(options.Probe, time), cancellationToken), abandon.ContinueWith(_ => (string?)null, TaskScheduler.Default)).Unwrap();
                    infrastructure ??= unserved;
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
                {
                    skip = "run interrupted before the scenario started";
                }
            }

            Diagnostics.StartupTrace.Mark("served control done");
            var gate = new Lock();
            void Record(int index, ScenarioResult result)
            {
                lock (gate)
                {
                    if (abandoned)
                    {
                        return;
                    }

                    results[index] = result;
                    progress?.Report(result);
                }
            }

            async Task RunOneAsync(int index)
            {
                var scenario = selected[index];
                string? stop;
                lock (gate)
                {
                    stop = skip;
                }

                if (stop is null && cancellationToken.IsCancellationRequested)
                {
                    stop = "run interrupted before the scenario started";
                }
                else if (stop is null && TargetExited(env) is { } exitedBefore)
                {
                    stop = exitedBefore;
                    lock (gate)
                    {
                        infrastructure ??= exitedBefore;
                        skip ??= exitedBefore;
                    }
                }

                if (stop is not null)
                {
                    Record(index, Result(scenario, Verdict.Error(stop), 0, []));
                    return;
                }

                if (unserved is not null)
                {
                    Record(index, Result(scenario, scenario.Info.WhyNotApplicable(env.Profile) is { } na ? Verdict.NotApplicable(na) : Verdict.Error(unserved), 0, []));
                    return;
                }

                var result = await RunScenarioAsync(env, scenario, options, cancellationToken);
                if (result.Verdict is VerdictKind.Pass or VerdictKind.Fail && TargetExited(env) is { } exitedDuring)
                {
                    // The implementation died while the scenario ran: whatever it concluded rests on a target that was not there.
                    result = result with { Verdict = VerdictKind.Error, Reason = $"{exitedDuring} (the scenario had concluded: {result.Verdict.ToString().ToLowerInvariant()}: {result.Reason})" };
                    lock (gate)
                    {
                        infrastructure ??= exitedDuring;
                        skip ??= exitedDuring;
                    }
                }

                Record(index, result);
            }

            // Declared dependencies: a consumer of a run fact starts only once every producer in this run is done.
            var producers = ScenarioDependencies.Producers(selected);
            var plan = ScenarioDependencies.Plan(selected, producers);
            var done = selected.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            async Task RunInTurnAsync(int index, SemaphoreSlim? slots)
            {
                try
                {
                    await Task.WhenAll(producers[index].Select(p => done[p].Task));
                    if (slots is null)
                    {
                        await RunOneAsync(index);
                        return;
                    }

                    await slots.WaitAsync(CancellationToken.None);
                    try
                    {
                        await RunOneAsync(index);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }
                finally
                {
                    done[index].TrySetResult();
                }
            }

            async Task RunAllAsync()
            {
                using (var slots = new SemaphoreSlim(Math.Max(1, options.Parallelism)))
                {
                    await Task.WhenAll(plan.Concurrent.Select(i => RunInTurnAsync(i, slots)));
                }

                // Actions change what every probe sees, so these run alone, in catalog order (RT-05 before RT-01/RT-02).
                foreach (var i in plan.Serial)
                {
                    await RunInTurnAsync(i, null);
                }

                // Last: scenarios that judge everything the run produced (LG-04 reads every log line the actions caused).
                foreach (var i in plan.Last)
                {
                    await RunInTurnAsync(i, null);
                }
            }

            var all = RunAllAsync();
            if (await Task.WhenAny(all, abandon) != all)
            {
                lock (gate)
                {
                    abandoned = true;
                }
            }
            else
            {
                await all;
            }

            Diagnostics.StartupTrace.Mark("scenarios done");

            if (cancellationToken.IsCancellationRequested)
            {
                await StopInterruptedAsync(env);
            }
            else
            {
                await env.Target.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Bounded: the target was already stopped or killed above; what is slow here (a container's removal)
                // was started, and the keys go now whatever else is still running.
                try
                {
                    await env.DisposeAsync().AsTask().WaitAsync(InterruptedDisposeBound, time, CancellationToken.None);
                }
                catch (Exception e) when (e is TimeoutException or TargetException or OperationCanceledException)
                {
                    // The emergency stop below covers what the ordinary cleanup did not finish.
                }

                env.StopNow(InterruptedDisposeBound);
            }
            else
            {
                await env.DisposeAsync();
            }
        }

        var ran = results.OfType<ScenarioResult>().ToList();
        if (cancellationToken.IsCancellationRequested)
        {
            var finished = ran.Count(x => !(x.Verdict == VerdictKind.Error && x.Reason?.StartsWith("run interrupted", StringComparison.Ordinal) == true));
            infrastructure = $"run interrupted: {finished} of {selected.Count} scenario(s) finished; the others are error";

            // Every selected scenario appears in the report: one cut short and never recorded is an interrupted error.
            ran = [.. selected.Select((s, i) => results[i] ?? Result(s, Verdict.Error("run interrupted before the scenario finished"), 0, []))];
            var run = Finish(profile, options, started, clock.Elapsed.TotalMilliseconds, ran, infrastructure);
            return run with { ExitCode = ExitCodes.Interrupted, Interrupted = true, Finished = finished };
        }

        return Finish(profile, options, started, clock.Elapsed.TotalMilliseconds, ran, infrastructure);
    }

    /// <summary>How long an interrupted run waits for a step that does not observe the cancellation before it moves on.</summary>
    public static readonly TimeSpan InterruptedStepGrace = TimeSpan.FromMilliseconds(300);

    /// <summary>The bound on an interrupted run's cleanup after the target was stopped (container and namespace removals are started, not awaited).</summary>
    public static readonly TimeSpan InterruptedDisposeBound = TimeSpan.FromMilliseconds(500);

    private async Task StartTargetAsync(RunEnvironment env, CancellationToken cancellationToken)
    {
        if (env.Target is IExitReportingTarget process)
        {
            await process.EnsureReadyPortFreeAsync(cancellationToken);
        }

        await env.Target.StartAsync(cancellationToken);
        await EndpointReadiness.WaitAsync(env, time, cancellationToken);
    }

    /// <summary>
    /// An interrupted run's stop: a short grace for a clean stop (SIGTERM), then the kill, each bounded whatever the
    /// target does (hung, already dead from the same group signal, a container engine that is slow to answer).
    /// </summary>
    private async Task StopInterruptedAsync(RunEnvironment env)
    {
        using var grace = new CancellationTokenSource(InterruptedStopGrace, time);
        try
        {
            await env.Target.StopAsync(grace.Token).WaitAsync(InterruptedStopGrace + InterruptedStepGrace, time, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or TargetException)
        {
            // The grace ran out: the kill below.
        }

        env.StopNow(InterruptedDisposeBound);
    }

    /// <summary>Why the run's target is no longer there (it exited without the harness stopping it), or null.</summary>
    private static string? TargetExited(RunEnvironment env) =>
        env.Target is IExitReportingTarget { HasExited: true } process && !process.StoppedByHarness
            ? $"target exited mid-run{(process.ExitCode is { } code ? $" with code {code}" : string.Empty)}: {process.DisplayName}"
            : null;

    /// <summary>Runs one scenario against a prepared, started environment.</summary>
    public async Task<ScenarioResult> RunScenarioAsync(RunEnvironment environment, IScenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        if (scenario.Info.WhyNotApplicable(environment.Profile) is { } reason)
        {
            return Result(scenario, Verdict.NotApplicable(reason), 0, []);
        }

        var context = new ScenarioContext(environment, scenario.Info, options.Seed, options.Probe, time) { Options = options, RunCancellation = cancellationToken };
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ScenarioTimeout);
        Verdict verdict;
        try
        {
            verdict = await scenario.RunAsync(context, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            verdict = Verdict.Error($"scenario exceeded its {options.ScenarioTimeout.TotalSeconds:0} s bound");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = Verdict.Error("run interrupted before the scenario finished");
        }
        catch (Exception e)
        {
            // A harness failure is an error, never a fail: the scenario could not decide.
            verdict = Verdict.Error($"harness error: {e.GetType().Name}: {e.Message}");
        }

        if (verdict.Kind == VerdictKind.Fail && !cancellationToken.IsCancellationRequested
            && await environment.Controls.NothingServedAsync(environment.Endpoints, context.Handshake, cancellationToken) is { } nothing)
        {
            // A target that answered no TLS request at all (silent, garbage, refusing everything) failed as a whole;
            // no single property can be judged on it, so no scenario proves non-conformance.
            verdict = Verdict.Error($"{nothing}; the scenario had concluded fail: {verdict.Reason}");
        }

        return Result(scenario, verdict, clock.Elapsed.TotalMilliseconds, [new NoteEvidence($"scenario seed {context.Random.Seed} (run seed {options.Seed})"), .. context.Evidence]);
    }

    /// <summary>Builds the run record from scenario results.</summary>
    public static RunResult Finish(Profile profile, RunOptions options, DateTimeOffset started, double durationMs, IReadOnlyList<ScenarioResult> results, string? infrastructureError) => new()
    {
        HarnessVersion = HarnessVersion,
        Commit = HarnessCommit,
        Profile = profile.Name,
        ProfilePath = profile.SourcePath,
        Description = profile.Description,
        Target = profile.Target.Kind.ToString().ToLowerInvariant(),
        Seed = options.Seed,
        StartedUtc = started,
        DurationMs = durationMs,
        Verdicts = VerdictCounts.From(results),
        ExitCode = ExitCodes.For(results, options.FailOn, infrastructureError is not null),
        Finished = results.Count,
        Total = results.Count,
        FailOn = options.FailOn,
        Assumptions = profile.Assumptions,
        ByDesignPlaintext = [.. profile.Endpoints.Where(e => e.Plaintext == PlaintextMode.ByDesign).Select(e => $"{e.Name} (port {e.Port})")],
        InfrastructureError = infrastructureError,
        Scenarios = results,
    };

    private static ScenarioResult Result(IScenario scenario, Verdict verdict, double ms, IReadOnlyList<EvidenceItem> evidence)
    {
        var i = scenario.Info;
        return new ScenarioResult(i.Id, i.Suite, i.Level, i.Title, i.Requirement, i.Capability, verdict.Kind, verdict.Reason, ms, evidence);
    }
}
