namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Loads a folder of Sigma rules; a file it cannot use is reported, never thrown.</summary>
public static class SigmaRuleLoader
{
    /// <summary>Every *.yml and *.yaml file under <paramref name="path"/>, recursively, in ordinal path order.</summary>
    public static SigmaLoadResult LoadFolder(string path)
    {
        var rules = new List<SigmaRule>();
        var skipped = new List<SigmaSkippedRule>();
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                rules.Add(SigmaRule.Parse(File.ReadAllText(file), file));
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(file, e.Reason, e.Message));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SigmaSkippedRule(file, SigmaSkipReasons.ReadError, e.Message));
            }
        }

        return new SigmaLoadResult(rules, skipped);
    }
}
