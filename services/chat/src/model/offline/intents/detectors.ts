import { forgetMemory } from './memory/forget-memory.intent.js';
import { searchMemory } from './memory/search-memory.intent.js';
import { reminder } from './reminders/reminder.intent.js';
import { profile } from './remote/profile.intent.js';
import { upgrade } from './remote/upgrade.intent.js';
import { upload } from './remote/upload.intent.js';
import { completeTask } from './tasks/complete-task.intent.js';
import { createTask } from './tasks/create-task.intent.js';
import { listTasks } from './tasks/list-tasks.intent.js';

/** One detector per automation, in the folders of `automations/`. */
export const DETECTORS = [reminder, createTask, listTasks, completeTask, upload, upgrade, profile, searchMemory, forgetMemory];
