using PantoQa.Emulator.Hosting;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(EmulatorOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.Out.Write(EmulatorOptions.Usage);
    return 0;
}

return await EmulatorHost.RunAsync(options);
