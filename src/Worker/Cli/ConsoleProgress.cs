using System.Diagnostics;
using System.Globalization;
using Llama3Siem.Worker.Pipeline;

namespace Llama3Siem.Worker.Cli;

/// <summary>Progress on long inputs: a line on standard error at most every two seconds.</summary>
internal sealed class ConsoleProgress(TextWriter error) : IProgress<PipelineSummary>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _reported;

    public void Report(PipelineSummary value)
    {
        if (_sinceLast.Elapsed < Interval)
        {
            return;
        }

        _sinceLast.Restart();
        _reported = true;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"... {value.Records:N0} records, {value.Events:N0} events, {value.DeadLettered:N0} dead-lettered, {value.Incidents:N0} incidents written ({value.Records / Math.Max(value.Elapsed.TotalSeconds, 0.001):N0} records/s)"));
    }

    public void Finish()
    {
        if (_reported)
        {
            error.WriteLine("... done");
        }
    }
}
