using System.Globalization;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Worker.Configuration;

namespace Llama3Siem.Worker.Cli;

/// <summary>
/// <c>kb rules</c>: the built-in rules, then the operator's Sigma rules (<c>Detection:SigmaPaths</c>) as the engine loads them: per path and in
/// all, rules loaded, loaded but with a logsource the worker cannot map yet, and skipped, by reason.
/// </summary>
internal static class SigmaRuleCounts
{
    public static int Print(DetectionOptions options, TextWriter output)
    {
        Write(output, "built-in", BuiltInSigmaRules.Load());
        if (options.SigmaPaths.Count == 0)
        {
            output.WriteLine("No Sigma rules configured: set Detection:SigmaPaths:0 to a folder or file of rules.");
            return Llama3SiemCli.Success;
        }

        var operators = new List<SigmaLoadResult>();
        foreach (var path in options.SigmaPaths)
        {
            var result = SigmaRuleLoader.Load(path);
            operators.Add(result);
            Write(output, path, result);
        }

        // As the worker uses them: correlations resolved over the built-in rules and every path together.
        Write(output, "in all (built-in and every path)", SigmaLoadResult.Combine([BuiltInSigmaRules.Load(), .. operators]));
        return Llama3SiemCli.Success;
    }

    private static void Write(TextWriter output, string what, SigmaLoadResult result)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var loaded = result.Rules.Count + result.Correlations.Count;
        var read = loaded + result.Skipped.Count;
        var share = read == 0 ? 0 : 100.0 * loaded / read;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {N(read)} rules read, {N(loaded)} loaded ({share:F1} %; {N(result.Correlations.Count)} of them correlations), {N(result.UnmappedLogsourceCount)} with a logsource not mapped yet, {N(result.Skipped.Count)} skipped"));
        foreach (var reason in result.Skipped.GroupBy(s => s.Reason, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  skipped {N(reason.Count()),6}  {reason.Key}");
        }
    }
}
