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
        if (options.SigmaPaths.Count == 0 && ReferenceEquals(knowledge, ThreatKnowledge.BuiltIn))
        {
            Loaded(logger, builtIn.Rules.Count, 0, 0, 0);
            return DetectionEngine.BuiltIn;
        }

        var operators = options.SigmaPaths.Select(SigmaRuleLoader.Load).ToList();
        var skipped = operators.SelectMany(r => r.Skipped).ToList();
        foreach (var rule in skipped)
        {
            Skipped(logger, rule.File, rule.Reason, rule.Detail);
        }

        var rules = builtIn.Rules.Concat(operators.SelectMany(r => r.Rules)).ToList();
        var unmapped = operators.Sum(r => r.UnmappedLogsourceCount);
        Loaded(logger, builtIn.Rules.Count, rules.Count - builtIn.Rules.Count, unmapped, skipped.Count);
        return new DetectionEngine(rules, knowledge);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Detection rules: {BuiltIn} built-in, {Operator} from Detection:SigmaPaths ({Unmapped} of them with a logsource not mapped yet), {Skipped} skipped")]
    private static partial void Loaded(ILogger logger, int builtIn, int @operator, int unmapped, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sigma rule {File} skipped ({Reason}): {Detail}")]
    private static partial void Skipped(ILogger logger, string file, string reason, string detail);
}
