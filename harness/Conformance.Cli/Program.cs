using Conformance.Cli;

return await ConformanceApp.RunAsync(args, Console.Out, Console.Error);
