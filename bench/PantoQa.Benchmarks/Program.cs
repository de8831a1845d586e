using BenchmarkDotNet.Running;

namespace PantoQa.Benchmarks;

public static class Program
{
    /// <summary>
    /// dotnet run -c Release --project bench/PantoQa.Benchmarks -- --filter '*' --job short
    /// </summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
