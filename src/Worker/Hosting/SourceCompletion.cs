namespace Llama3Siem.Worker.Hosting;

/// <summary>Whether the host stops when a finite source (a file) is done: yes for a batch run, no when it also serves the API.</summary>
internal sealed record SourceCompletion(bool StopHost);
