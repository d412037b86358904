using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Detection.Sigma;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Worker.Configuration;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Hosting;

/// <summary>
/// Builds the detection engine at start: the built-in Sigma rules plus the operator's (<c>Detection:SigmaPaths</c>).
/// A rule that cannot be used is logged once, naming its file and the reason, and counted; it never stops the host.
/// </summary>
internal static partial class DetectionRuleSetup
{
    public static DetectionEngine Build(DetectionOptions options, ThreatKnowledge knowledge, ILogger logger)
    {
        var builtIn = BuiltInSigmaRules.Load();
        var builtInCount = RulesOf(builtIn);
        if (options.SigmaPaths.Count == 0 && ReferenceEquals(knowledge, ThreatKnowledge.BuiltIn))
        {
            Loaded(logger, builtInCount, 0, 0, 0);
            return DetectionEngine.BuiltIn;
        }

        // Correlations resolve over everything used together: an operator's correlation may count a built-in rule.
        var operators = options.SigmaPaths.Select(SigmaRuleLoader.Load).ToList();
        var combined = SigmaLoadResult.Combine([builtIn, .. operators]);
        var skipped = combined.Skipped.Except(builtIn.Skipped).ToList();
        foreach (var rule in skipped)
        {
            Skipped(logger, rule.File, rule.Reason, rule.Detail);
        }

        var operatorCount = RulesOf(combined) - builtInCount;
        var unmapped = operators.Sum(r => r.UnmappedLogsourceCount);
        Loaded(logger, builtInCount, operatorCount, unmapped, skipped.Count);
        return new DetectionEngine(combined, knowledge);
    }

    private static int RulesOf(SigmaLoadResult result) => result.Rules.Count + result.Correlations.Count;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Detection rules: {BuiltIn} built-in, {Operator} from Detection:SigmaPaths ({Unmapped} of them with a logsource not mapped yet), {Skipped} skipped")]
    private static partial void Loaded(ILogger logger, int builtIn, int @operator, int unmapped, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sigma rule {File} skipped ({Reason}): {Detail}")]
    private static partial void Skipped(ILogger logger, string file, string reason, string detail);
}
