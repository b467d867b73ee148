namespace Conformance.Logs;

/// <summary>How an implementation writes its log lines.</summary>
public enum LogFormat
{
    /// <summary>Plain text: the whole line is the message.</summary>
    Text,

    /// <summary>One JSON object per line (zap, logrus, slog…): the message and level are fields of it.</summary>
    Json,
}
