using System.Globalization;

namespace Llama3Siem.TestModels;

/// <summary>
/// <c>dotnet run --project tests/Llama3Siem.TestModels -- tiny|1b --out &lt;file.gguf&gt; [--seed n]</c>: writes a
/// generated model for trying the tools (<c>llama3siem prompt --model</c>, <c>enrich --model</c>) without a real one.
/// Its weights are random, so its text is meaningless; its tokenizer and chat template are Llama 3's.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var shape = args.Length > 0 ? args[0] : null;
        var outIndex = Array.IndexOf(args, "--out");
        var seedIndex = Array.IndexOf(args, "--seed");
        if (shape is not ("tiny" or "1b") || outIndex < 0 || outIndex + 1 >= args.Length)
        {
            Console.Error.WriteLine("usage: tiny|1b --out <file.gguf> [--seed n]   (tiny: ~2 MB in 0.1 s; 1b: Llama-3.2-1B-shaped Q8_0, 1.3 GB)");
            return 2;
        }

        var seed = seedIndex >= 0 && seedIndex + 1 < args.Length ? int.Parse(args[seedIndex + 1], CultureInfo.InvariantCulture) : 1;
        var path = TestModelFactory.Write(args[outIndex + 1], shape == "tiny" ? ModelShape.Tiny : ModelShape.Llama32_1B, seed);
        Console.WriteLine(path);
        return 0;
    }
}
