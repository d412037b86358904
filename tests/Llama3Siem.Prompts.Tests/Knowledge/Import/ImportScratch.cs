namespace Llama3Siem.Prompts.Tests.Knowledge.Import;

/// <summary>A temporary directory for one test's inputs and imported tables, removed afterwards.</summary>
internal sealed class ImportScratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("l3s-kb-").FullName;

    public static string Fixture(string relative) =>
        Path.Combine(AppContext.BaseDirectory, "Knowledge", "Import", "Fixtures", relative);

    public string Output => Path.Combine(Root, "kb");

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string table) => File.ReadAllText(Path.Combine(Output, table));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
