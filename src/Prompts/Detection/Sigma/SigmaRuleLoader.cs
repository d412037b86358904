using YamlDotNet.RepresentationModel;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Loads Sigma rules from files, folders or text; a rule it cannot use is reported, never thrown.</summary>
public static class SigmaRuleLoader
{
    /// <summary>A rule file, or every rule file of a folder (<see cref="LoadFolder"/>).</summary>
    public static SigmaLoadResult Load(string path) =>
        File.Exists(path) ? LoadFiles([path]) : LoadFolder(path);

    /// <summary>Every *.yml and *.yaml file under <paramref name="path"/>, recursively, in ordinal path order.</summary>
    public static SigmaLoadResult LoadFolder(string path) =>
        LoadFiles(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));

    /// <summary>
    /// Rules given as text, each with the name of where it came from (a file, an embedded resource). A text may hold
    /// several YAML documents, detection and correlation rules alike; a document that cannot be used is skipped on
    /// its own. Correlation references are not resolved here: <see cref="SigmaLoadResult.Combine"/> does that over
    /// everything that is used together.
    /// </summary>
    public static SigmaLoadResult LoadTexts(IEnumerable<SigmaRuleText> texts)
    {
        var rules = new List<SigmaRule>();
        var correlations = new List<SigmaCorrelationRule>();
        var skipped = new List<SigmaSkippedRule>();
        foreach (var text in texts)
        {
            if (text.ReadError is { } readError)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, SigmaSkipReasons.ReadError, readError));
                continue;
            }

            LoadText(text, rules, correlations, skipped);
        }

        return new SigmaLoadResult(rules, skipped) { Correlations = correlations };
    }

    private static void LoadText(SigmaRuleText text, List<SigmaRule> rules, List<SigmaCorrelationRule> correlations, List<SigmaSkippedRule> skipped)
    {
        var documents = new List<(string Label, YamlMappingNode Root)>();
        var skippedBefore = skipped.Count;
        var parts = SigmaYamlDocuments.Split(text.Yaml);
        for (var i = 0; i < parts.Count; i++)
        {
            // Only a file of several documents names the document, so a one-rule file reads as it always did.
            var label = parts.Count > 1 ? $"document {i + 1}: " : string.Empty;
            try
            {
                if (SigmaRuleParser.Document(parts[i]) is { } root)
                {
                    documents.Add((label, root));
                }
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, e.Reason, label + e.Message));
            }
        }

        if (documents.Count == 0)
        {
            if (skipped.Count == skippedBefore)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, SigmaSkipReasons.NotARule, "no YAML document"));
            }

            return;
        }

        if (documents.Find(d => SigmaRuleParser.IsCollectionAction(d.Root)) is { Root: not null } collection)
        {
            // The other documents of a collection are fragments that only make sense merged with the global one.
            skipped.Add(new SigmaSkippedRule(text.Source, SigmaSkipReasons.RuleCollection, collection.Label + "a rule collection (action), not supported"));
            return;
        }

        foreach (var (label, root) in documents)
        {
            try
            {
                if (SigmaCorrelationParser.IsCorrelation(root))
                {
                    correlations.Add(SigmaCorrelationParser.Parse(root, text.Source));
                }
                else
                {
                    rules.Add(SigmaRuleParser.ParseRule(root, text.Source));
                }
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, e.Reason, label + e.Message));
            }
        }
    }

    private static SigmaLoadResult LoadFiles(IEnumerable<string> files) => LoadTexts(files.Select(Read));

    private static SigmaRuleText Read(string file)
    {
        try
        {
            return new SigmaRuleText(file, File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SigmaRuleText(file, string.Empty) { ReadError = e.Message };
        }
    }
}
