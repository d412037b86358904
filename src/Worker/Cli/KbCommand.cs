using System.Globalization;
using System.Text;
using System.Text.Json;
using Llama3Siem.Prompts.Detection;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Knowledge;
using Llama3Siem.Prompts.Knowledge.Import;
using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Cli;

/// <summary>
/// <c>kb techniques &lt;id&gt;</c>, <c>kb controls &lt;technique-id&gt;</c>, <c>kb eval --labels &lt;manifest.json&gt; [--db path]</c>:
/// what the knowledge base holds, and how well detection and mitigation agree with labelled data.
/// </summary>
internal static class KbCommand
{
    private static readonly HashSet<string> NoFlags = [];
    private static readonly HashSet<string> EvalOptions = ["labels", "db"];

    private static readonly HashSet<string> ImportOptions = ["ctid", "attack", "out", "attack-version"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var action = args.Length > 1 ? args[1] : throw new UsageException("kb needs an action: techniques <id>, controls <technique-id>, rules, eval --labels <manifest.json> [--db <path>], or import --ctid <json> --attack <stix> --out <folder>.");
        var rest = args.Skip(2).ToArray();
        if (action == "import")
        {
            return Import(CommandLine.Parse(["import", .. rest], NoFlags, ImportOptions), output);
        }

        // The other actions read the knowledge base the worker would use (Knowledge:Path, or the built-in one).
        var settings = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToList();
        var positional = rest.Except(settings).ToArray();
        var host = WorkerHost.CreateBuilder(settings).Build();
        await using var disposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var knowledge = host.Services.GetRequiredService<ThreatKnowledge>();
        switch (action)
        {
            case "techniques":
                return Techniques(knowledge, host.Services.GetRequiredService<DetectionEngine>(), Argument(positional, "kb techniques <id>"), output, error);
            case "controls":
                return Controls(knowledge, Argument(positional, "kb controls <technique-id>"), output, error);
            case "eval":
                var cli = CommandLine.Parse(["eval", .. positional], NoFlags, EvalOptions);
                if (cli.Value("labels") is null && cli.Value("db") is null)
                {
                    throw new UsageException("kb eval needs --labels <manifest.json> (events labelled with ATT&CK ids), --db <path> (an enrichment run), or both.");
                }

                output.WriteLine($"Knowledge base: ATT&CK {knowledge.AttackVersion}, technique-to-control mapping for ATT&CK {knowledge.MappingVersion}, {knowledge.TechniqueCount} techniques, {knowledge.ControlCount} controls");
                if (cli.Value("labels") is { } labels)
                {
                    Evaluate(knowledge, host.Services.GetRequiredService<DetectionEngine>(), labels, output);
                }

                if (cli.Value("db") is { } db)
                {
                    await VerificationTotalsAsync(db, settings, output);
                }

                return Llama3SiemCli.Success;
            case "rules":
                return SigmaRuleCounts.Print(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DetectionOptions>>().Value, output);
            default:
                throw new UsageException($"Unknown kb action '{action}' (techniques, controls, rules, eval, import).");
        }
    }

    /// <summary><c>kb import</c>: rebuilds the three knowledge tables from the official files into a folder.</summary>
    private static int Import(CommandLine cli, TextWriter output)
    {
        var ctid = cli.Value("ctid") ?? throw new UsageException("kb import needs --ctid <mapping.json> (the CTID Mappings Explorer ATT&CK to NIST 800-53 file).");
        var attack = cli.Value("attack") ?? throw new UsageException("kb import needs --attack <enterprise-attack.json | folder of attack-pattern bundles> (ATT&CK STIX).");
        var folder = cli.Value("out") ?? throw new UsageException("kb import needs --out <folder> (then set Knowledge:Path to it).");
        KnowledgeImportResult result;
        try
        {
            result = KnowledgeImport.Import(new KnowledgeImportOptions(ctid, attack, folder) { AttackVersion = cli.Value("attack-version") });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            throw new UsageException($"kb import: {ex.Message}");
        }

        output.WriteLine($"Imported into {folder}: ATT&CK {result.AttackVersion}, mapping for ATT&CK {result.MappingVersion} ({result.FrameworkVersion})");
        output.WriteLine($"  techniques {result.Techniques} ({result.ActiveTechniques} active, {result.RevokedTechniques} revoked), controls {result.Controls}, mapped techniques {result.MappedTechniques}, technique-control pairs {result.MappingRows}");
        if (result.UnknownTechniqueIds.Count > 0)
        {
            output.WriteLine($"  left out: mapping rows for {result.UnknownTechniqueIds.Count} ids not in this ATT&CK ({string.Join(", ", result.UnknownTechniqueIds.Take(10))})");
        }

        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        output.WriteLine($"Use it with --Knowledge:Path={folder} (or Knowledge__Path).");
        return Llama3SiemCli.Success;
    }

    private static string Argument(string[] rest, string usage) =>
        rest.Length == 1 && !rest[0].StartsWith('-') ? rest[0] : throw new UsageException($"Usage: {usage}");

    private static int Techniques(ThreatKnowledge knowledge, DetectionEngine detection, string id, TextWriter output, TextWriter error)
    {
        if (!knowledge.TryGetTechnique(id, out var technique))
        {
            error.WriteLine($"No ATT&CK technique '{id}' in the knowledge base.");
            return Llama3SiemCli.Failure;
        }

        output.WriteLine($"{technique.Id}\t{technique.Name}\t{string.Join(';', technique.Tactics)}\t{(technique.Revoked ? "revoked" : "active")}");
        foreach (var rule in detection.RulesFor(technique.Id))
        {
            output.WriteLine($"  detected by rule {rule.Id} ({rule.Level ?? "no level"}): {rule.Title}");
        }

        return Llama3SiemCli.Success;
    }

    private static int Controls(ThreatKnowledge knowledge, string techniqueId, TextWriter output, TextWriter error)
    {
        if (!knowledge.TryGetTechnique(techniqueId, out var technique))
        {
            error.WriteLine($"No ATT&CK technique '{techniqueId}' in the knowledge base.");
            return Llama3SiemCli.Failure;
        }

        foreach (var control in knowledge.ControlsFor(technique.Id))
        {
            output.WriteLine(knowledge.TryGetControl(control, out var known) ? $"{known.Id}\t{known.Family}\t{known.Title}" : control);
        }

        return Llama3SiemCli.Success;
    }

    /// <summary>
    /// Each labelled file is treated as one incident: the techniques the rules detect in its events against the
    /// techniques its label names, and the controls planned from the detections against the controls the
    /// mapping gives for the labels.
    /// </summary>
    private static void Evaluate(ThreatKnowledge knowledge, DetectionEngine detection, string manifestPath, TextWriter output)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var parser = new EventParser();
        var planner = new MitigationPlanner(knowledge);
        long truePositives = 0, detectedTotal = 0, labelledTotal = 0, parentMatches = 0, controlsAgreeing = 0, controlsPlanned = 0, controlsMapped = 0;

        output.WriteLine("Technique detection against labels (each labelled file is one incident)");
        output.WriteLine($"  {"file",-56} {"events",6}  {"labelled",-22} {"detected",-60}");
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            var path = new[] { Path.Combine(folder, file), Path.Combine(Path.GetDirectoryName(folder)!, file) }.FirstOrDefault(File.Exists)
                ?? throw new UsageException($"--labels: the file '{file}' named in {manifestPath} was not found next to it.");
            var labels = entry.GetProperty("attack_techniques").EnumerateArray().Select(l => l.GetString()!.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            var events = File.ReadLines(path)
                .Where(line => !string.IsNullOrWhiteSpace(line))
                .Select(line => parser.Parse(Encoding.UTF8.GetBytes(line)).Event)
                .OfType<SecurityEvent>()
                .ToList();
            var detected = detection.Detect(events).Techniques.Select(d => d.TechniqueId).ToHashSet(StringComparer.Ordinal);

            truePositives += detected.Count(labels.Contains);
            parentMatches += detected.Count(d => !labels.Contains(d) && labels.Any(l => TechniqueIds.ParentOf(l) == d || TechniqueIds.ParentOf(d) == l));
            detectedTotal += detected.Count;
            labelledTotal += labels.Count;

            var planned = planner.Plan(detected).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var mapped = labels.SelectMany(knowledge.ControlsFor).ToHashSet(StringComparer.Ordinal);
            controlsAgreeing += planned.Count(mapped.Contains);
            controlsPlanned += planned.Count;
            controlsMapped += mapped.Count;

            output.WriteLine($"  {Shorten(Path.GetFileName(path), 56),-56} {events.Count,6}  {string.Join(",", labels.Order()),-22} {string.Join(",", detected.Order()),-60}");
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  techniques: {truePositives} of {detectedTotal} detections are labelled (precision {Ratio(truePositives, detectedTotal)}), {truePositives} of {labelledTotal} labels detected (recall {Ratio(truePositives, labelledTotal)}); {parentMatches} more detections differ from a label only by sub-technique level"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  mitigations: {controlsAgreeing} of {controlsPlanned} planned controls are mapped to the labelled techniques (precision {Ratio(controlsAgreeing, controlsPlanned)}), {controlsAgreeing} of {controlsMapped} mapped controls planned (recall {Ratio(controlsAgreeing, controlsMapped)})"));
        output.WriteLine("  (a detection outside the label is not necessarily wrong: datasets label the technique they were recorded for, not everything in them)");
    }

    private static async Task VerificationTotalsAsync(string database, IEnumerable<string> configuration, TextWriter output)
    {
        var host = WorkerHost.CreateBuilder([.. configuration, $"--{StoreOptions.SectionName}:Sqlite:Path={database}"]).Build();
        await using var disposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var store = host.Services.GetRequiredService<IIncidentStore>();
        await store.InitializeAsync(CancellationToken.None);
        long incidents = 0, generated = 0, iocs = 0, iocsDropped = 0, techniques = 0, techniquesDropped = 0, mitigations = 0, mitigationsDropped = 0;
        await foreach (var incident in store.ReadAllAsync(new IncidentQuery(), int.MaxValue, CancellationToken.None))
        {
            incidents++;
            generated += incident.NarrativeStatus == NarrativeStatus.Generated ? 1 : 0;
            iocs += incident.Iocs.Count;
            techniques += incident.Techniques.Count;
            mitigations += incident.Mitigations.Count;
            iocsDropped += incident.Verification.IocsDropped;
            techniquesDropped += incident.Verification.TechniquesDropped;
            mitigationsDropped += incident.Verification.MitigationsDropped;
        }

        output.WriteLine();
        output.WriteLine($"Verification over the enrichment run in {database}: {incidents} incidents, {generated} with a model narrative");
        output.WriteLine($"  kept: {iocs} IOCs, {techniques} techniques, {mitigations} controls");
        output.WriteLine($"  removed by the verifier: {iocsDropped} IOCs not in their events, {techniquesDropped} techniques unknown, revoked or citing no event of the incident, {mitigationsDropped} controls the mapping does not give");
    }

    private static string Ratio(long part, long whole) => whole == 0 ? "n/a" : (part / (double)whole).ToString("F3", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
