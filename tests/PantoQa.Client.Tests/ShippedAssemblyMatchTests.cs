using System.Reflection;
using PantoQa.Cmdlets.Module;

namespace PantoQa.Client.Tests;

/// <summary>The desktop/ resolver's rule: which requested names it may answer with a shipped file.</summary>
public sealed class ShippedAssemblyMatchTests
{
    private const string Shipped = "System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, Version=4.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("system.memory, Version=4.0.1.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, PublicKeyToken=cc7b13ffcd2ddd51")]
    public void Accepts_TheShippedName_AndToken_AtAnyVersionUpToTheShippedOne(string requested) =>
        Assert.True(ShippedAssemblyMatch.Accepts(new AssemblyName(requested), new AssemblyName(Shipped)));

    [Theory]
    [InlineData("System.Memory, Version=4.0.1.3, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, Version=5.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=neutral, PublicKeyToken=null")]
    [InlineData("System.Memory, Version=4.0.1.2, Culture=de, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("System.Memory.Data, Version=4.0.1.2, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    [InlineData("Other, Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")]
    public void Refuses_AnotherName_Token_Culture_OrALaterVersion(string requested) =>
        Assert.False(ShippedAssemblyMatch.Accepts(new AssemblyName(requested), new AssemblyName(Shipped)));

    [Fact]
    public void AnUnsignedAssembly_MatchesOnlyAnUnsignedRequest()
    {
        var unsigned = new AssemblyName("PantoQa.Client, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null");

        Assert.True(ShippedAssemblyMatch.Accepts(new AssemblyName("PantoQa.Client, Version=0.1.0.0"), unsigned));
        Assert.False(ShippedAssemblyMatch.Accepts(new AssemblyName("PantoQa.Client, Version=0.1.0.0, PublicKeyToken=cc7b13ffcd2ddd51"), unsigned));
    }
}
