using PantoQa.Emulator.Hosting;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException e)
{
    return await StartupError.ReportAsync(StartupError.BadCommandLine, e.Message, "Run with --help to see the options.");
}

if (options.ShowHelp)
{
    Console.Out.Write(EmulatorOptions.Usage);
    return 0;
}

return await EmulatorHost.RunAsync(options);
