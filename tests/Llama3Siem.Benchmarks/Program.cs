// The inference benchmark of issue #3: prefix-cache prefill, batched generation and the engine against the
// naive one-request-at-a-time model, on a GGUF model with random weights of a realistic shape.
//
//   dotnet run -c Release --project tests/Llama3Siem.Benchmarks -- [--quick] [--model path.gguf] [--json out.json] [--threads N] [--only phases]
//
//   (no options)  writes a Llama-3.2-1B-shaped Q8_0 model (~1.3 GB, ~35 s) to .data/bench-1b-q8.gguf once and
//                 reuses it; all phases take about 8 minutes on 2 cores
//   --quick       the tiny generated model and small counts: a smoke test in well under a minute
//   --pipeline    the deterministic path instead (issue #4 item 9): enrich without a model over generated events
//   --sigma       Sigma matching instead: SigmaHQ's rules over a mix of events, every rule against the index
//   --help        prints the options
//
// The table goes to standard output, progress to standard error; the exit code is 0 when the run completed
// (targets missed are reported, not failed), 2 for bad arguments.
using Llama3Siem.Benchmarks;
using Microsoft.Extensions.Logging;

BenchmarkArguments arguments;
try
{
    arguments = BenchmarkArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(BenchmarkArguments.Usage);
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(BenchmarkArguments.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (arguments.Sigma)
{
    return new SigmaBenchmark(RepositoryRoot(), arguments.SigmaRules, arguments.SigmaEvents, Console.Error).Run(Console.Out);
}

if (arguments.Pipeline)
{
    // With SigmaHQ's rules at hand (or named), the deterministic path is measured again with them loaded.
    if (arguments.SigmaRules is { } named && !Directory.Exists(named))
    {
        await Console.Error.WriteLineAsync($"--sigma-rules: {named} is not a folder.");
        return 2;
    }

    var sigmaRules = arguments.SigmaRules ?? SigmaHqRules.Find(RepositoryRoot());
    var sigmaPaths = sigmaRules is null ? [] : SigmaHqRules.Paths(sigmaRules);
    return await new PipelineBenchmark(RepositoryRoot(), arguments.PipelineEvents, Console.Error, sigmaPaths).RunAsync(Console.Out, cancellation.Token);
}

var settings = BenchmarkSettings.For(arguments);
var scratch = Directory.CreateTempSubdirectory("llama3siem-bench-");
try
{
    BenchmarkModel model;
    if (arguments.ModelPath is { } given)
    {
        model = BenchmarkModel.Given(given);
    }
    else if (arguments.Quick)
    {
        model = BenchmarkModel.Tiny(scratch.FullName);
    }
    else
    {
        var cachePath = Path.Combine(RepositoryRoot(), ".data", "bench-1b-q8.gguf");
        await Console.Error.WriteLineAsync($"model: {cachePath} (written once, ~1.3 GB, if missing)");
        model = BenchmarkModel.Cached1B(cachePath);
    }

    // llama.cpp's own lines are routed to Trace; only its errors reach this Warning level, on standard error.
    using var loggerFactory = LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    var report = await new BenchmarkRunner(settings, model, loggerFactory, Console.Error).RunAsync(cancellation.Token);
    report.WriteTable(Console.Out);
    if (arguments.JsonPath is { } jsonPath)
    {
        await File.WriteAllTextAsync(jsonPath, report.ToJson(), cancellation.Token);
        await Console.Error.WriteLineAsync($"figures written to {Path.GetFullPath(jsonPath)}");
    }

    return 0;
}
finally
{
    scratch.Delete(recursive: true);
}

// The folder holding Llama3Siem.sln above the working directory, else the working directory.
static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Llama3Siem.sln")))
        {
            return directory.FullName;
        }
    }

    return Environment.CurrentDirectory;
}
