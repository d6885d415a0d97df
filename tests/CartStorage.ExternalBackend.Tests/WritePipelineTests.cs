using FluentAssertions;
using Microsoft.Extensions.Options;
using Xunit;

namespace CartStorage.ExternalBackend.Tests;

/// <summary>
/// The base's write pipeline as an external backend sees it: the backend only reads and writes conditionally, and a
/// write that lost a race is read again and retried by the base, up to the backend's retry policy.
/// </summary>
public sealed class WritePipelineTests
{
    private readonly InMemoryCartStore store = new();

    [Fact]
    public async Task A_write_that_lost_a_race_is_read_again_and_keeps_both_changes()
    {
        var storage = Storage(CartRetryPolicy.Default);
        var other = Storage(CartRetryPolicy.Default);
        var attempts = 0;

        var stored = await storage.UpdateAsync("u", "web", cart =>
        {
            if (attempts++ == 0)
            {
                // Another writer changes the cart between this attempt's read and its write.
                other.AddItemAsync("u", "web", Item("b")).GetAwaiter().GetResult();
            }

            return cart with { Items = [.. cart.Items, Item("a")] };
        });

        attempts.Should().Be(2);
        stored.Items.Select(i => i.Id).Should().BeEquivalentTo(["b", "a"]);
        (await storage.GetAsync("u", "web"))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task After_the_policys_last_attempt_a_lost_race_is_a_conflict_and_writes_nothing()
    {
        var storage = Storage(new CartRetryPolicy("Test:Retry", 2, TimeSpan.Zero, TimeSpan.Zero));
        var other = Storage(CartRetryPolicy.Default);
        var attempts = 0;

        var update = () => storage.UpdateAsync("u", "web", cart =>
        {
            attempts++;
            other.AddItemAsync("u", "web", Item($"b{attempts}")).GetAwaiter().GetResult();
            return cart with { Items = [.. cart.Items, Item("a")] };
        });

        await update.Should().ThrowAsync<CartConflictException>();
        attempts.Should().Be(2);
        (await storage.GetAsync("u", "web"))!.Items.Select(i => i.Id).Should().BeEquivalentTo(["b1", "b2"]);
    }

    [Fact]
    public void A_retry_policy_with_invalid_settings_is_refused_naming_its_keys()
    {
        var create = () => new CartRetryPolicy("Shop:Retry", 0, TimeSpan.FromSeconds(1), TimeSpan.Zero);

        create.Should().Throw<ArgumentException>()
            .WithMessage("*Shop:Retry:MaxAttempts must be at least 1*Shop:Retry:MaxDelay*");
    }

    private InMemoryCartStorage Storage(CartRetryPolicy retry) =>
        new(store, Options.Create(new CartStorageOptions()), retry);

    private static CartItem Item(string id) => new() { Id = id, Name = id, Price = 1m, Quantity = 1 };
}
