using Llama3Siem.Worker.Cli;

return await Llama3SiemCli.RunAsync(args, Console.Out, Console.Error);
